namespace RetailVision.Aggregator.Storage;

public interface IDeadLetterReader
{
    /// <summary>The latest dead letters, newest first: of every topic, or of one store's topics.</summary>
    IReadOnlyList<DeadLetter> LatestDeadLetters(int limit, string? storeId = null);

    /// <summary>Dead letters dropped since start-up because the cap was reached (the oldest go first).</summary>
    long DroppedDeadLetters { get; }
}
