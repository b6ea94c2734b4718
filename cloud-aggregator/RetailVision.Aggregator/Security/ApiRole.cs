namespace RetailVision.Aggregator.Security;

/// <summary>What an HTTP caller may see.</summary>
public enum ApiRole
{
    /// <summary>A store manager: the data of the stores listed on the token, nothing chain-wide.</summary>
    Manager,

    /// <summary>Chain-wide reader; the only role that will see customer data (journeys, the online join) and exports.</summary>
    Analyst,

    /// <summary>Chain-wide reader of operations: every store, dead letters, and the health details.</summary>
    Admin,
}
