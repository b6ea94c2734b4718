using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Ingest;

/// <summary>
/// Turns one received MQTT message into a stored event or snapshot, a recognised duplicate, or a dead letter with the
/// reason. Bad input never throws; only a failing database yields <see cref="IngestResult.StorageFailed"/>, which the
/// caller must not acknowledge.
/// </summary>
public sealed class IngestPipeline(
    AggregatorRepository repository,
    IOptions<AggregatorOptions> options,
    IngestCounters counters,
    TimeProvider time,
    ILogger<IngestPipeline> logger)
{
    private readonly string _prefix = options.Value.TopicPrefix;

    public IngestOutcome Handle(string topic, ReadOnlySequence<byte> payload)
    {
        var outcome = Ingest(topic, payload);
        counters.Count(outcome.Result);
        return outcome;
    }

    private IngestOutcome Ingest(string topic, ReadOnlySequence<byte> payload)
    {
        if (!MqttTopics.TryParse(_prefix, topic, out var storeId, out var cameraId, out var leaf))
            return DeadLetter(topic, payload, $"topic: '{topic}' is not {_prefix}/{{store}}/{{camera}}/{MqttTopics.EventsLeaf} or …/{MqttTopics.HeatmapLeaf}");

        // The validator refuses payloads over ContractValidator.MaxPayloadBytes before parsing them.
        if (leaf == MqttTopics.EventsLeaf)
        {
            var decisionPoint = ContractValidator.ValidateEvent(payload, storeId, cameraId);
            return decisionPoint.IsValid
                ? Store(topic, () => repository.InsertEvent(decisionPoint.Value!))
                : DeadLetter(topic, payload, decisionPoint.Error!);
        }
        var snapshot = ContractValidator.ValidateHeatmap(payload, storeId, cameraId);
        return snapshot.IsValid
            ? Store(topic, () => repository.InsertHeatmap(snapshot.Value!))
            : DeadLetter(topic, payload, snapshot.Error!);
    }

    private IngestOutcome Store(string topic, Func<InsertResult> insert)
    {
        try
        {
            return insert() == InsertResult.Stored ? IngestOutcome.Stored : IngestOutcome.Duplicate;
        }
        catch (Exception ex)
        {
            return StorageFailed(topic, ex);
        }
    }

    private IngestOutcome DeadLetter(string topic, ReadOnlySequence<byte> payload, string reason)
    {
        try
        {
            repository.AddDeadLetter(new DeadLetter(topic, MqttTopics.StoreOf(_prefix, topic), reason, time.GetUtcNow(), payload.Length, PayloadExcerpt.From(payload)));
        }
        catch (Exception ex)
        {
            return StorageFailed(topic, ex);
        }
        logger.LogWarning("Dead letter on {Topic}: {Reason}", topic, reason);
        return new IngestOutcome(IngestResult.DeadLettered, reason);
    }

    private IngestOutcome StorageFailed(string topic, Exception ex)
    {
        logger.LogError(ex, "Could not store the message on {Topic}; it will not be acknowledged", topic);
        return new IngestOutcome(IngestResult.StorageFailed, $"storage: {ex.Message}");
    }
}
