using RetailVision.Contracts;
using RetailVision.LoadGenerator.Scenes;

namespace RetailVision.LoadGenerator.Load;

/// <summary>
/// One simulated camera: it walks through its scene's events in their real order, from its own starting point, and
/// hands each out as happening now, with a fresh event id, its real dwell, and a track id that is new on every pass
/// through the scene. The spacing between events follows the load's rate, not the scene's clock.
/// </summary>
public sealed class CameraReplay(string storeId, string cameraId, SceneEventScript script, int startIndex)
{
    // Track ids of later passes through the scene must not meet earlier ones (scenes have fewer people than this).
    private const long TrackIdsPerPass = 1_000_000;
    private int _next = startIndex % script.Events.Count;
    private long _pass;

    public string StoreId => storeId;

    public string CameraId => cameraId;

    public DecisionPointEvent Next(DateTimeOffset now)
    {
        var template = script.Events[_next];
        if (++_next == script.Events.Count)
        {
            _next = 0;
            _pass++;
        }
        // Whole milliseconds, as the edge sends them.
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var shift = now - template.Timestamp;
        return template with
        {
            EventId = Guid.CreateVersion7(now),
            StoreId = storeId,
            CameraId = cameraId,
            TrackId = template.TrackId + _pass * TrackIdsPerPass,
            Timestamp = now,
            EnteredAt = template.EnteredAt + shift,
            ExitedAt = template.ExitedAt + shift,
        };
    }
}
