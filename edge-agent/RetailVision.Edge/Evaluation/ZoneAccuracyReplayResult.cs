using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Evaluation;

/// <summary>What the zone logic made of one MOT file: every finished visit (its exit transition) and each line's counts, in layout order.</summary>
public sealed record ZoneAccuracyReplayResult(IReadOnlyList<ZoneTransition> Visits, IReadOnlyList<int> LineIn, IReadOnlyList<int> LineOut);
