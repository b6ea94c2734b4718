namespace RetailVision.Edge.Zones;

/// <summary>
/// One zone over one closed time bucket: the integral of its occupancy (person-seconds) and the most people in it at once.
/// </summary>
public readonly record struct ZoneOccupancyBucket(string ZoneId, double BucketStart, double BucketEnd, double PersonSeconds, int PeakCount);
