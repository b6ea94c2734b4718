namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Api</c> section: who may call the HTTP API and how much work they may ask for.</summary>
public sealed class ApiOptions
{
    public List<ApiTokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// <c>/api</c> requests served at once (0 = half the cores, at least one), so a storm of queries leaves the other
    /// cores to ingest; more wait in <see cref="QueuedRequests"/>, and the rest are answered 429 at once.
    /// </summary>
    public int ConcurrentRequests { get; set; }

    public int QueuedRequests { get; set; } = 16;

    /// <summary>Requests one caller (token, or address when anonymous) may make per minute, in bursts of up to <see cref="BurstRequests"/>.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    public int BurstRequests { get; set; } = 60;

    public int EffectiveConcurrentRequests => ConcurrentRequests > 0 ? ConcurrentRequests : Math.Max(1, Environment.ProcessorCount / 2);
}
