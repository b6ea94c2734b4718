namespace RetailVision.Edge.Zones;

/// <summary>What a zone is in the store; it labels events and reports, the visit logic is the same for every kind.</summary>
public enum ZoneKind
{
    Shelf,
    Display,
    Queue,
    Entrance,
    Area,
}
