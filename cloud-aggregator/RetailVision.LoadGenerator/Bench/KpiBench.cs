using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using RetailVision.Aggregator;
using RetailVision.Aggregator.Kpis;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.LiteDb;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.LoadGenerator.Load;
using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>
/// <c>bench kpi</c>: one store's history written through the aggregator's own ingest port (so its rollups are built
/// as ingest builds them), then KPI requests over windows of the last 30 days and of one day, against the HTTP API of
/// an aggregator on that storage. The peer is the same KPIs computed by scanning the window's raw events, which is
/// what every request cost before rollups; both must give the same figures.
/// </summary>
public sealed class KpiBench(KpiHistory history, int requests, IReadOnlyList<StorageBackend> backends, string evalRoot, TextWriter output)
{
    private const double TargetP99Ms = 50;
    private const int BatchSize = 1_000; // Ingest:MaxBatchMessages's default
    private const int RawScans = 3;
    private const int WarmUpRequests = 100;
    private static readonly TimeSpan LongWindow = TimeSpan.FromDays(30);
    private static readonly TimeSpan ShortWindow = TimeSpan.FromDays(1);

    private sealed record Setup(string Name, Func<IAggregatorStorage> Open, IReadOnlyList<string> AggregatorSettings);

    private sealed record Result(string Name, double SeededPerSecond, double RawScanMs, double InProcessP50Ms, double InProcessP99Ms,
        double LongP50Ms, double LongP99Ms, double ShortP50Ms, double ShortP99Ms, bool SameFigures);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var scenes = SceneLibrary.Load(evalRoot);
        var work = Path.Combine(Path.GetTempPath(), $"rv-bench-kpi-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(work);
        output.WriteLine($"logs and databases: {work}");
        using var cluster = backends.Contains(StorageBackend.Postgres) ? new PostgresCluster() : null;
        if (cluster?.Unavailable is { } reason) throw new InvalidOperationException($"PostgreSQL cannot be started: {reason}");

        var results = new List<Result>();
        foreach (var backend in backends)
            results.Add(await MeasureAsync(SetupOf(backend, work, cluster), scenes, Path.Combine(work, backend.ToString()), cancellationToken));

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one store, {history.EventCount:N0} events over {(history.End - history.Start).TotalDays:0} days; {requests} HTTP requests per window " +
            $"(after {WarmUpRequests} unmeasured), each window ending at a random second of the last day; raw scan: median of {RawScans}"));
        output.WriteLine();
        output.WriteLine("| backend | seeded events/s | 30 days by raw scan | 30 days in-process p50 | p99 | HTTP 30 days p50 | **p99** | HTTP 1 day p50 | p99 | raw scan ÷ HTTP p99 | same figures |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.SeededPerSecond:N0} | {r.RawScanMs:N0} ms | {r.InProcessP50Ms:0.0} ms | {r.InProcessP99Ms:0.0} ms | " +
                $"{r.LongP50Ms:0.0} ms | {r.LongP99Ms:0.0} ms | {r.ShortP50Ms:0.0} ms | {r.ShortP99Ms:0.0} ms | {r.RawScanMs / r.LongP99Ms:N0}× | {(r.SameFigures ? "yes" : "NO")} |"));
        }
        output.WriteLine();
        var failed = results.Count(r => r.LongP99Ms > TargetP99Ms || !r.SameFigures);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: a 30-day KPI request p99 ≤ {TargetP99Ms} ms, with the raw scan's figures: {(failed == 0 ? "met" : $"{failed} backend(s) miss")}"));
        return failed == 0 ? 0 : 1;
    }

    private static Setup SetupOf(StorageBackend backend, string work, PostgresCluster? cluster)
    {
        if (backend == StorageBackend.LiteDb)
        {
            var path = Path.Combine(work, "kpi.db");
            return new Setup("LiteDB", () => LiteDbStore.Open(path), [$"--Aggregator:DatabasePath={path}"]);
        }
        var connectionString = cluster!.CreateDatabase();
        return new Setup("PostgreSQL", () =>
        {
            var dataSource = NpgsqlDataSource.Create(connectionString);
            PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
            return new PostgresStore(dataSource, 1_000);
        }, ["--Aggregator:Storage:Backend=Postgres", $"--Aggregator:Storage:ConnectionString={connectionString}"]);
    }

    private async Task<Result> MeasureAsync(Setup setup, SceneLibrary scenes, string directory, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var longWindows = Enumerable.Range(0, WarmUpRequests + requests).Select(_ => Window(random, LongWindow)).ToList();
        var shortWindows = Enumerable.Range(0, WarmUpRequests + requests).Select(_ => Window(random, ShortWindow)).ToList();
        double seededPerSecond, rawScanMs;
        List<double> inProcess = [];
        bool sameFigures;
        using (var storage = setup.Open())
        {
            seededPerSecond = await SeedAsync(setup.Name, storage, scenes, cancellationToken);
            var scans = new List<double>();
            StoreKpis? scanned = null;
            for (var i = 0; i < RawScans; i++)
            {
                var watch = Stopwatch.StartNew();
                scanned = ZoneKpiCalculator.Calculate(history.StoreId, storage.FindEvents(history.StoreId, longWindows[0]), longWindows[0]);
                scans.Add(watch.Elapsed.TotalMilliseconds);
            }
            rawScanMs = Percentiles.Median(scans);
            sameFigures = Figures(StoreKpiQuery.Run(history.StoreId, longWindows[0], storage, storage)) == Figures(scanned!);
            foreach (var window in longWindows)
            {
                var watch = Stopwatch.StartNew();
                StoreKpiQuery.Run(history.StoreId, window, storage, storage);
                inProcess.Add(watch.Elapsed.TotalMilliseconds);
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{setup.Name}: raw scan of 30 days {rawScanMs:N0} ms; rollup and raw figures {(sameFigures ? "identical" : "DIFFER")}"));
        }

        var token = ApiToken.Create();
        using var aggregator = await AggregatorChild.StartAsync(directory,
        [
            .. setup.AggregatorSettings,
            $"--Aggregator:Broker:Port={FreePort.Next()}", "--Aggregator:Broker:BindAddress=127.0.0.1",
            .. new BenchLogins([history.StoreId], Convert.ToHexString(Guid.NewGuid().ToByteArray())).EmbeddedStoreSettings(),
            "--Aggregator:Api:Tokens:0:Name=bench", "--Aggregator:Api:Tokens:0:Role=Analyst", $"--Aggregator:Api:Tokens:0:Sha256={ApiToken.HashOf(token)}",
            // One caller asking as fast as it can: the bench measures answers, not the rate limiter.
            "--Aggregator:Api:RequestsPerMinute=1000000", "--Aggregator:Api:BurstRequests=1000000",
        ]);
        using var http = new HttpClient { BaseAddress = aggregator.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var longTimes = await TimeRequestsAsync(http, longWindows, cancellationToken);
        var shortTimes = await TimeRequestsAsync(http, shortWindows, cancellationToken);
        var measuredInProcess = inProcess.Skip(WarmUpRequests).Order().ToList();
        return new Result(setup.Name, seededPerSecond, rawScanMs,
            Percentiles.Of(measuredInProcess, 50), Percentiles.Of(measuredInProcess, 99),
            Percentiles.Of(longTimes, 50), Percentiles.Of(longTimes, 99),
            Percentiles.Of(shortTimes, 50), Percentiles.Of(shortTimes, 99), sameFigures);
    }

    private async Task<double> SeedAsync(string name, IIngestStore storage, SceneLibrary scenes, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var stored = 0;
        var report = TimeSpan.FromSeconds(30);
        foreach (var batch in history.Batches(scenes, BatchSize))
        {
            var results = await storage.WriteAsync(batch, cancellationToken);
            foreach (var r in results) if (r == InsertResult.Stored) stored++;
            if (watch.Elapsed < report) continue;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {stored:N0} events written in {watch.Elapsed.TotalSeconds:0} s"));
            report += TimeSpan.FromSeconds(30);
        }
        if (stored != history.EventCount) throw new InvalidOperationException($"{name} stored {stored} of {history.EventCount} events");
        var perSecond = stored / watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {stored:N0} events in {watch.Elapsed.TotalSeconds:0} s ({perSecond:N0}/s)"));
        return perSecond;
    }

    /// <summary>Times each request after the warm-up; every answer must be a success.</summary>
    private async Task<List<double>> TimeRequestsAsync(HttpClient http, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken)
    {
        var times = new List<double>(windows.Count);
        for (var i = 0; i < windows.Count; i++)
        {
            var uri = $"/api/stores/{history.StoreId}/kpis?from={Iso(windows[i].From)}&to={Iso(windows[i].To)}";
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(uri, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}: {body}");
            if (i >= WarmUpRequests) times.Add(elapsed);
        }
        times.Sort();
        return times;
    }

    /// <summary>A window of <paramref name="length"/> ending at a random second of the history's last day, so both its ends fall inside hours.</summary>
    private TimeRange Window(Random random, TimeSpan length)
    {
        var to = history.End - TimeSpan.FromSeconds(random.Next(1, 86_400));
        return new TimeRange(to - length, to);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The figures as the API gives them, means to six decimals: sums of dwell differ in their last bits with the order of addition.</summary>
    private static string Figures(StoreKpis kpis) => JsonSerializer.Serialize(kpis with
    {
        Zones = kpis.Zones.Select(z => z with { MeanDwellSeconds = Round(z.MeanDwellSeconds) }).ToList(),
        Totals = kpis.Totals with { MeanDwellSeconds = Round(kpis.Totals.MeanDwellSeconds) },
    });

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
}
