using RetailVision.Contracts;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Events;

/// <summary>
/// Turns zone transitions (stream-relative seconds) into contract events (absolute times) for one camera. The event id
/// is a UUIDv7 assigned here, once, so any later redelivery of the same event carries the same id.
/// </summary>
public sealed class DecisionPointEventFactory(string storeId, string cameraId, DateTimeOffset streamStart)
{
    // Whole milliseconds, so that every time in an event is exact in its JSON form.
    private readonly DateTimeOffset _start = new(streamStart.Ticks - streamStart.Ticks % TimeSpan.TicksPerMillisecond, streamStart.Offset);

    /// <summary>A zone enter, or a zone exit with its dwell class and, for queue zones, whether the person was served.</summary>
    public DecisionPointEvent Create(in ZoneTransition transition, DwellClass? dwellClass, bool? served)
    {
        var entered = At(transition.EnteredAtSeconds);
        if (transition.Kind == ZoneTransitionKind.Enter)
            return new DecisionPointEvent(ContractVersion.Current, Guid.CreateVersion7(entered), DecisionPointKind.ZoneEnter,
                storeId, cameraId, transition.ZoneId, transition.TrackId, entered, entered, null, null);

        var exitedSeconds = transition.ExitedAtSeconds ?? throw new ArgumentException("an exit transition carries its exit time");
        var exited = At(exitedSeconds);
        return new DecisionPointEvent(ContractVersion.Current, Guid.CreateVersion7(exited), DecisionPointKind.ZoneExit,
            storeId, cameraId, transition.ZoneId, transition.TrackId, exited, entered, exited, (exited - entered).TotalSeconds)
        {
            DwellClass = dwellClass,
            Served = served,
        };
    }

    /// <summary>A crossing of a counting line: one instant, named by the line's id.</summary>
    public DecisionPointEvent Create(in LineCrossing crossing)
    {
        var at = At(crossing.AtSeconds);
        return new DecisionPointEvent(ContractVersion.Current, Guid.CreateVersion7(at), DecisionPointKind.LineCross,
            storeId, cameraId, crossing.LineId, crossing.TrackId, at, at, null, null) { Direction = crossing.Direction };
    }

    /// <summary>Rounded to whole milliseconds so that the JSON form and the dwell agree exactly after a round trip.</summary>
    public DateTimeOffset At(double streamSeconds) => _start.AddMilliseconds(Math.Round(streamSeconds * 1000));
}
