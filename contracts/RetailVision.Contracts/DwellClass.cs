namespace RetailVision.Contracts;

/// <summary>
/// How long a visit lasted against the zone's thresholds. Serialised as snake_case ("pass_by", "browse", "engaged").
/// </summary>
public enum DwellClass
{
    PassBy,
    Browse,
    Engaged,
}
