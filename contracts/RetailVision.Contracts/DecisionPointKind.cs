namespace RetailVision.Contracts;

/// <summary>What happened at a zone. Serialised as snake_case strings ("zone_enter", "zone_exit").</summary>
public enum DecisionPointKind
{
    ZoneEnter,
    ZoneExit,
}
