using System.Diagnostics;

namespace RetailVision.Edge.Diagnostics;

/// <summary>
/// Running totals of time spent per <see cref="PipelineStage"/> for one camera. Stages may be recorded from the
/// camera's thread and the shared inference thread, so updates are interlocked; nothing is allocated per frame.
/// </summary>
public sealed class StageTimings
{
    private static readonly int StageCount = Enum.GetValues<PipelineStage>().Length;
    private readonly long[] _ticks = new long[StageCount];
    private readonly long[] _counts = new long[StageCount];

    /// <summary>Adds one occurrence of <paramref name="stage"/> that began at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordSince(PipelineStage stage, long startTimestamp) => Record(stage, Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Adds one occurrence of <paramref name="stage"/> lasting <paramref name="elapsedTicks"/> Stopwatch ticks.</summary>
    public void Record(PipelineStage stage, long elapsedTicks)
    {
        Interlocked.Add(ref _ticks[(int)stage], elapsedTicks);
        Interlocked.Increment(ref _counts[(int)stage]);
    }

    /// <summary>Totals so far, per stage.</summary>
    public StageTotals[] Snapshot()
    {
        var totals = new StageTotals[StageCount];
        for (var i = 0; i < StageCount; i++)
            totals[i] = new StageTotals((PipelineStage)i, Interlocked.Read(ref _counts[i]), Interlocked.Read(ref _ticks[i]) * 1000.0 / Stopwatch.Frequency);
        return totals;
    }
}

/// <summary>How often a stage ran and the milliseconds it took in all.</summary>
public readonly record struct StageTotals(PipelineStage Stage, long Count, double TotalMilliseconds)
{
    public double MeanMilliseconds => Count == 0 ? 0 : TotalMilliseconds / Count;
}
