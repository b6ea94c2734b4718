namespace RetailVision.Contracts;

/// <summary>
/// What happened at a zone or counting line. Serialised as snake_case strings ("zone_enter", "zone_exit",
/// "line_cross").
/// </summary>
public enum DecisionPointKind
{
    ZoneEnter,
    ZoneExit,
    LineCross,
}
