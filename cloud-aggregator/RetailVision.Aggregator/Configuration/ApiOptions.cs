namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Api</c> section: who may call the HTTP API, how much work they may ask for, and how long a connection may hold on.</summary>
public sealed class ApiOptions
{
    public List<ApiTokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// <c>/api</c> requests served at once (0 = half the cores, at least two), so a storm of queries leaves the other
    /// cores to ingest; more wait in <see cref="QueuedRequests"/>, and the rest are answered 429 at once. At least two,
    /// so that one caller (which may hold <see cref="ConcurrentRequestsPerCaller"/> of them) never holds them all.
    /// </summary>
    public int ConcurrentRequests { get; set; }

    /// <summary>Requests waiting for a permit, in the shared queue and in each caller's own.</summary>
    public int QueuedRequests { get; set; } = 16;

    /// <summary>
    /// <c>/api</c> requests one caller (token, or address when anonymous) may have served at once (0 = half of
    /// <see cref="ConcurrentRequests"/>, at least one); fewer than <see cref="ConcurrentRequests"/>, so a caller reading
    /// slowly cannot lock the others out. Its further requests wait in a queue of its own.
    /// </summary>
    public int ConcurrentRequestsPerCaller { get; set; }

    /// <summary>Requests one caller (token, or address when anonymous) may make per minute, in bursts of up to <see cref="BurstRequests"/>.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    public int BurstRequests { get; set; } = 60;

    /// <summary>
    /// Seconds an admitted request may take, answer sent included; past it the connection is aborted. A client that
    /// reads a large answer slowly (Kestrel's own minimum rate is only 240 B/s) holds its permit this long at most.
    /// </summary>
    public double ResponseTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds an idle keep-alive HTTP connection stays open (Kestrel's own default is 130).</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a client has to send a request's headers (Kestrel's own default is 30).</summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;

    public int EffectiveConcurrentRequests => ConcurrentRequests > 0 ? ConcurrentRequests : Math.Max(2, Environment.ProcessorCount / 2);

    public int EffectiveConcurrentRequestsPerCaller => ConcurrentRequestsPerCaller > 0 ? ConcurrentRequestsPerCaller : Math.Max(1, EffectiveConcurrentRequests / 2);

    public TimeSpan ResponseTimeout => TimeSpan.FromSeconds(ResponseTimeoutSeconds);

    public TimeSpan KeepAliveTimeout => TimeSpan.FromSeconds(KeepAliveTimeoutSeconds);

    public TimeSpan RequestHeadersTimeout => TimeSpan.FromSeconds(RequestHeadersTimeoutSeconds);
}
