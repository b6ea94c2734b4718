namespace RetailVision.Edge.Zones;

public enum ZoneTransitionKind
{
    Enter,
    Exit,
}
