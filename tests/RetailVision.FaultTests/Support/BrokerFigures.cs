using System.Net.Http.Json;
using System.Text.Json;

namespace RetailVision.FaultTests.Support;

/// <summary>What the embedded broker reports on /health (admin view): its refusals, drops and subscriber queues.</summary>
public sealed record BrokerFigures(long DroppedTelemetry, long DroppedMessages, long RefusedRetained, long QueuedMessages, long QueuedBytes)
{
    public static async Task<BrokerFigures> ReadAsync(AggregatorProcess aggregator)
    {
        var health = await aggregator.Http.GetFromJsonAsync<JsonElement>("/health");
        var data = health.GetProperty("checks").GetProperty("broker").GetProperty("data");
        return new BrokerFigures(data.GetProperty("droppedTelemetry").GetInt64(), data.GetProperty("droppedMessages").GetInt64(),
            data.GetProperty("refusedRetained").GetInt64(), data.GetProperty("queuedMessages").GetInt64(), data.GetProperty("queuedBytes").GetInt64());
    }
}
