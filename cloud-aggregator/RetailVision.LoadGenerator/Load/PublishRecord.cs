namespace RetailVision.LoadGenerator.Load;

/// <summary>One event's way through a run.</summary>
public sealed class PublishRecord(Guid eventId, string storeId, long sentAt)
{
    public Guid EventId { get; } = eventId;

    public string StoreId { get; } = storeId;

    public long SentAt { get; } = sentAt;

    public long AckedAt;

    public long StoredAt;

    /// <summary>False when the broker refused it or the connection failed before its PUBACK.</summary>
    public bool Acknowledged => Volatile.Read(ref AckedAt) != 0;

    public bool Stored => Volatile.Read(ref StoredAt) != 0;
}
