using RetailVision.Contracts;

namespace RetailVision.Aggregator.Tests.Support;

/// <summary>Valid contract messages for tests, with times relative to a fixed instant.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static DecisionPointEvent Enter(string store, string camera, string zone, long track, double enteredAtSeconds) =>
        new(ContractVersion.Current, Guid.NewGuid(), DecisionPointKind.ZoneEnter, store, camera, zone, track,
            T0.AddSeconds(enteredAtSeconds), T0.AddSeconds(enteredAtSeconds), null, null);

    public static DecisionPointEvent Exit(string store, string camera, string zone, long track, double enteredAtSeconds, double dwellSeconds)
    {
        var entered = T0.AddSeconds(enteredAtSeconds);
        var exited = entered.AddSeconds(dwellSeconds);
        return new(ContractVersion.Current, Guid.NewGuid(), DecisionPointKind.ZoneExit, store, camera, zone, track,
            exited, entered, exited, dwellSeconds);
    }

    public static DecisionPointEvent Cross(string store, string camera, string line, long track, double atSeconds, LineDirection direction) =>
        new(ContractVersion.Current, Guid.NewGuid(), DecisionPointKind.LineCross, store, camera, line, track,
            T0.AddSeconds(atSeconds), T0.AddSeconds(atSeconds), null, null) { Direction = direction };

    public static HeatmapSnapshot Heatmap(string store, string camera, double periodStartSeconds, int columns, int rows, float[] cells,
        int frameWidth = 768, int frameHeight = 576) =>
        new(ContractVersion.Current, Guid.NewGuid(), store, camera, T0.AddSeconds(periodStartSeconds), T0.AddSeconds(periodStartSeconds + 60),
            frameWidth, frameHeight, columns, rows, cells);
}
