using System.Globalization;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Cli;

/// <summary>Writes per-zone occupancy buckets as CSV for spreadsheets: zone, start and end (stream seconds), person-seconds, peak people.</summary>
public static class OccupancyCsv
{
    public static void Write(string path, IEnumerable<ZoneOccupancyBucket> buckets)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("zone,start_s,end_s,person_seconds,peak_people");
        foreach (var b in buckets)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.ZoneId},{b.BucketStart:0.###},{b.BucketEnd:0.###},{b.PersonSeconds:0.###},{b.PeakCount}"));
    }
}
