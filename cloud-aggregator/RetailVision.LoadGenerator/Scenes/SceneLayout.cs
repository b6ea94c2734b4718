using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.LoadGenerator.Scenes;

/// <summary>
/// The zones and the counting line a camera over a scene would have, laid over where its people actually walk (the
/// central 90 % of their positions): two displays and a queue with its till side by side across the middle band, and
/// an entrance line across the scene's middle. Derived, not drawn, so that every scene yields real visits.
/// </summary>
public sealed record SceneLayout(IReadOnlyList<Zone> Zones, IReadOnlyList<CountingLine> Lines)
{
    private const double MinPresenceSeconds = 1;
    private const double ExitGraceSeconds = 1;
    private const double LineHysteresisCentimetres = 20;

    public static SceneLayout Of(TrajectoryScene scene)
    {
        var xs = new List<float>();
        var ys = new List<float>();
        foreach (var instant in scene.Instants)
        foreach (var person in instant.People)
        {
            xs.Add(person.Foot.X);
            ys.Add(person.Foot.Y);
        }
        xs.Sort();
        ys.Sort();
        var (left, right) = (Quantile(xs, 0.05), Quantile(xs, 0.95));
        var (bottom, top) = (Quantile(ys, 0.05), Quantile(ys, 0.95));
        var third = (right - left) / 3;
        var (bandLow, bandHigh) = (bottom + 0.3f * (top - bottom), bottom + 0.7f * (top - bottom));

        Zone Box(string id, string name, ZoneKind kind, int index) => new(id, name, kind,
            [new(left + index * third, bandLow), new(left + (index + 1) * third, bandLow), new(left + (index + 1) * third, bandHigh), new(left + index * third, bandHigh)],
            MinPresenceSeconds, ExitGraceSeconds);

        var queue = Box("queue", "Till queue", ZoneKind.Queue, 2) with { ServicePoint = new PointF(right, (bandLow + bandHigh) / 2) };
        var middle = (left + right) / 2;
        return new SceneLayout(
            [Box("display-a", "Display A", ZoneKind.Display, 0), Box("display-b", "Display B", ZoneKind.Display, 1), queue],
            [new CountingLine("entrance", "Entrance", new PointF(middle, top), new PointF(middle, bottom), LineHysteresisCentimetres)]);
    }

    private static float Quantile(List<float> sorted, double q) => sorted[(int)Math.Clamp(Math.Round(q * (sorted.Count - 1)), 0, sorted.Count - 1)];
}
