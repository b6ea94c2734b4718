namespace RetailVision.Edge.Tracking;

/// <summary>
/// Turns frame timestamps into steps of the trackers' motion model (one step = MotionStepSeconds), so the model means
/// the same at any frame or detection rate. Equal or backward timestamps (a stalled source) advance nothing rather than
/// run the motion backwards.
/// </summary>
internal sealed class MotionClock(double stepSeconds)
{
    private double _last = double.NaN;

    public double StepsTo(double timestampSeconds)
    {
        var steps = double.IsNaN(_last) ? 0 : Math.Max(0, timestampSeconds - _last) / stepSeconds;
        if (timestampSeconds > _last || double.IsNaN(_last)) _last = timestampSeconds;
        return steps;
    }
}
