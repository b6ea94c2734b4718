namespace RetailVision.Edge.Zones;

/// <summary>
/// One person's time in a queue zone, from the first to the last moment seen inside it. <paramref name="Served"/> is
/// true when they left from the half of the zone nearer its service point, false when they gave up further back.
/// </summary>
public readonly record struct QueueWait(string ZoneId, int TrackId, double JoinedAt, double LeftAt, double WaitSeconds, bool Served);
