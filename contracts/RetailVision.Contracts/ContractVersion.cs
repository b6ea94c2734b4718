namespace RetailVision.Contracts;

/// <summary>The version of the edge → cloud message contract. Bumped on any breaking change to a payload.</summary>
public static class ContractVersion
{
    public const int Current = 1;
}
