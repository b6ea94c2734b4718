using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Logs the broker's refusals without letting a looping client flood the log: the first refusal of a client in a
/// window is logged as it happens, the rest are counted and summed up in one line when the next window opens. It also
/// counts, so a client that keeps publishing where it may not can be disconnected.
/// </summary>
public sealed class RefusalLog(IOptions<AggregatorOptions> options, TimeProvider time, ILogger<RefusalLog> logger)
{
    private const int MaxClients = 10_000;
    private readonly BrokerLimitsOptions _limits = options.Value.Broker.Limits;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Count;
    }

    /// <summary>A refused login, counted per source address.</summary>
    public void Connection(string address, string? userName, string reason) =>
        Record("address " + address, $"refused MQTT login from {address} (user '{userName}'): {reason}");

    /// <summary>
    /// A connection the guard closed for what it sent (oversized packet, forbidden topic, timeout), counted per source
    /// address: a client reconnecting to repeat the same violation gets a line per window, not one per connection.
    /// </summary>
    public void Violation(string address, string connectionId, string reason) =>
        Record("stream " + address, $"closed MQTT connection {connectionId} from {address}: {reason}");

    /// <summary>The address part of a client's endpoint, the key its refusals are counted under.</summary>
    public static string AddressOf(EndPoint? endPoint) => endPoint is IPEndPoint ip ? ip.Address.ToString() : endPoint?.ToString() ?? "unknown";

    /// <summary>
    /// A refused publish or subscription; true when the client should now be disconnected. Counted per store for a
    /// store's login, so a box cannot start afresh by reconnecting under another agent id; per client id when anonymous.
    /// </summary>
    public bool Operation(string clientId, string? storeId, string what) =>
        Record(storeId is null ? "client " + clientId : "store " + storeId, $"refused {what} of client '{clientId}' (store '{storeId}')")
        >= _limits.RefusalsBeforeDisconnect;

    /// <summary>A message not queued for a subscriber because a queue bound was met, counted per receiving client id.</summary>
    public void QueueDrop(string receiverClientId, string topic, string reason) =>
        Record("queue of " + receiverClientId, $"dropped a message on {topic} for client '{receiverClientId}': {reason}");

    /// <summary>A retained message kept only as an ordinary one because its store's retained budget is spent, counted per store.</summary>
    public void RetentionRefused(string storeKey, string topic, string reason) =>
        Record("retained messages of store " + storeKey, $"did not retain the message on {topic}: {reason}");

    /// <summary>Counts one refusal and returns how many this key had in the current window.</summary>
    private int Record(string key, string message)
    {
        var now = time.GetUtcNow();
        int earlier;
        lock (_lock)
        {
            if (_windows.TryGetValue(key, out var window) && now - window.Start < _limits.RefusalWindow) return ++window.Count;
            earlier = window?.Count ?? 0;
            if (window is null)
            {
                if (_windows.Count >= MaxClients) Forget(now);
                window = new Window();
                _windows[key] = window;
            }
            (window.Start, window.Count) = (now, 1);
        }
        if (earlier > 1)
            logger.LogWarning("{Message} ({Earlier} refusals of this {Key} in the previous {Window} s)", message, earlier, key, _limits.RefusalWindowSeconds);
        else
            logger.LogWarning("{Message}", message);
        return 1;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
            if (now - window.Start >= _limits.RefusalWindow) _windows.Remove(key);
        if (_windows.Count >= MaxClients) _windows.Clear();
    }
}
