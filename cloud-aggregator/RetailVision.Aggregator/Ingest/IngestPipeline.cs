using System.Buffers;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Ingest;

/// <summary>
/// Turns one received MQTT message into a record for the <see cref="IngestWriter"/>: a valid event or snapshot, or a
/// dead letter with the reason. The payload is read before the first wait, so the caller's buffer may be reused once
/// <see cref="EnqueueAsync"/> returns. Bad input never throws; only storage yields
/// <see cref="IngestResult.StorageFailed"/>, which the caller must not acknowledge.
/// </summary>
public sealed class IngestPipeline(IngestWriter writer, IOptions<AggregatorOptions> options, TimeProvider time)
{
    private readonly string _prefix = options.Value.TopicPrefix;
    private readonly RawRetentionPolicy _retention = options.Value.Storage.RetentionPolicy();

    /// <summary>Validates and queues the message; the returned task completes once it is durable (or failed).</summary>
    public async ValueTask<Task<IngestOutcome>> EnqueueAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        var record = Validate(topic, payload);
        return await writer.EnqueueAsync(record, topic, cancellationToken);
    }

    /// <summary>Queues the message and waits until it is durable.</summary>
    public async Task<IngestOutcome> HandleAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken) =>
        await await EnqueueAsync(topic, payload, cancellationToken);

    private IngestRecord Validate(string topic, ReadOnlySequence<byte> payload)
    {
        if (!MqttTopics.TryParse(_prefix, topic, out var storeId, out var cameraId, out var leaf))
            return Refused(topic, payload, $"topic: '{topic}' is not {_prefix}/{{store}}/{{camera}}/{MqttTopics.EventsLeaf} or …/{MqttTopics.HeatmapLeaf}");

        // The validator refuses payloads over ContractValidator.MaxPayloadBytes before parsing them.
        if (leaf == MqttTopics.EventsLeaf)
        {
            var decisionPoint = ContractValidator.ValidateEvent(payload, storeId, cameraId);
            if (!decisionPoint.IsValid) return Refused(topic, payload, decisionPoint.Error!);
            return IsPastRetention(storeId, decisionPoint.Value!.EnteredAt)
                ? Refused(topic, payload, $"enteredAt: {decisionPoint.Value.EnteredAt:O} is older than store {storeId}'s {_retention.DaysFor(storeId)}-day raw retention")
                : new IngestRecord.Event(decisionPoint.Value);
        }
        var snapshot = ContractValidator.ValidateHeatmap(payload, storeId, cameraId);
        if (!snapshot.IsValid) return Refused(topic, payload, snapshot.Error!);
        return IsPastRetention(storeId, snapshot.Value!.PeriodStart)
            ? Refused(topic, payload, $"periodStart: {snapshot.Value.PeriodStart:O} is older than store {storeId}'s {_retention.DaysFor(storeId)}-day raw retention")
            : new IngestRecord.Heatmap(snapshot.Value);
    }

    /// <summary>Older than the raw rows kept: storing it would add to rollups whose raw rows, and ids, are gone.</summary>
    private bool IsPastRetention(string storeId, DateTimeOffset instant) => instant < _retention.CutoffFor(storeId, time.GetUtcNow());

    private IngestRecord.Refused Refused(string topic, ReadOnlySequence<byte> payload, string reason) =>
        new(new DeadLetter(topic, MqttTopics.StoreOf(_prefix, topic), reason, time.GetUtcNow(), payload.Length, PayloadExcerpt.From(payload)));
}
