namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Which waiting login checks go first, in order. An attacker can make fresh source addresses and guess any user name,
/// but it cannot log in from where a store's box has logged in before, and each of its addresses is clean only until
/// its first failure.
/// </summary>
public enum LoginLane
{
    /// <summary>A store logging in from an address it has logged in from before.</summary>
    Known = 0,

    /// <summary>An address with no wrong password that it has not yet lived down.</summary>
    Clean = 1,

    /// <summary>An address that has sent a wrong password (or an unknown user name) lately.</summary>
    Suspect = 2,
}
