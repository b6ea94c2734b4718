namespace RetailVision.LoadGenerator.Load;

/// <summary>
/// What to simulate: <paramref name="Stores"/> stores of <paramref name="Cameras"/> cameras each, publishing
/// <paramref name="EventsPerSecond"/> events in all (0: as fast as each store's window of
/// <paramref name="WindowPerStore"/> unacknowledged QoS 1 publishes allows) for <paramref name="Duration"/>.
/// Store i logs in as <c>{StorePrefix}-{i:D4}</c> with <paramref name="Password"/>.
/// </summary>
public sealed record LoadPlan(int Stores, int Cameras, double EventsPerSecond, TimeSpan Duration, int WindowPerStore, string StorePrefix, string Password)
{
    public const string DefaultStorePrefix = "load";

    public IReadOnlyList<string> StoreIds { get; } = Enumerable.Range(1, Stores).Select(i => $"{StorePrefix}-{i:D4}").ToList();

    /// <summary>What makes this plan unusable, or null when it is fine.</summary>
    public string? Validate()
    {
        if (Stores is < 1 or > 10_000) return $"--stores {Stores} must be between 1 and 10000";
        if (Cameras is < 1 or > 100) return $"--cameras {Cameras} must be between 1 and 100";
        if (!(EventsPerSecond >= 0) || double.IsInfinity(EventsPerSecond)) return $"--rate {EventsPerSecond} must be a finite rate ≥ 0 (0: as fast as the window allows)";
        if (!(Duration > TimeSpan.Zero) || Duration > TimeSpan.FromHours(24)) return $"--duration {Duration.TotalSeconds} s must be positive and at most a day";
        if (WindowPerStore is < 1 or > 65_535) return $"--window {WindowPerStore} must be between 1 and 65535 publishes in flight";
        if (!Contracts.ContractValidator.IsId(StoreIds[^1])) return $"--store-prefix '{StorePrefix}' does not make valid store ids";
        return null;
    }
}
