namespace RetailVision.Edge.Zones;

/// <summary>
/// A confirmed visit starting (<see cref="ZoneTransitionKind.Enter"/>, no exit time) or ending
/// (<see cref="ZoneTransitionKind.Exit"/>). Times are stream seconds: the first and the last moment the person was seen
/// inside, so the dwell is <c>ExitedAtSeconds − EnteredAtSeconds</c>.
/// </summary>
public readonly record struct ZoneTransition(ZoneTransitionKind Kind, string ZoneId, int TrackId, double EnteredAtSeconds, double? ExitedAtSeconds);
