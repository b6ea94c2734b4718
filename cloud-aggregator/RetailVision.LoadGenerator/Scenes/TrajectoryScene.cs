using System.Globalization;
using RetailVision.Edge.Geometry;

namespace RetailVision.LoadGenerator.Scenes;

/// <summary>
/// One scene of real pedestrian trajectories (ETH/BIWI and UCY <c>obsmat.txt</c>: <c>frame id x z y vx vz vy</c>,
/// world metres, annotated at 2.5 samples per second): the people present at each annotated instant, with their foot
/// points scaled to centimetres so that the edge's pixel-sized tolerances keep their meaning.
/// </summary>
public sealed class TrajectoryScene
{
    public const float CentimetresPerMetre = 100;
    private const double AnnotatedPerSecond = 2.5;

    private TrajectoryScene(string name, IReadOnlyList<SceneInstant> instants)
    {
        Name = name;
        Instants = instants;
    }

    public string Name { get; }

    /// <summary>Annotated instants in time order, each with everyone present then.</summary>
    public IReadOnlyList<SceneInstant> Instants { get; }

    /// <summary>The scenes the load generator replays, from <c>{evalRoot}/trajectories/{name}/obsmat.txt</c>.</summary>
    public static readonly string[] Names = ["zara01", "zara02", "eth", "hotel"];

    public static TrajectoryScene Load(string evalRoot, string name)
    {
        var path = Path.Combine(evalRoot, "trajectories", name, "obsmat.txt");
        if (!File.Exists(path))
            throw new FileNotFoundException($"trajectory scene '{name}' not found: {path} (the evaluation data's trajectories/ folder)", path);
        var rows = new List<(int Frame, int Person, PointF Foot)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            if (f.Length < 5 || !TryNumber(f[0], out var frame) || !TryNumber(f[1], out var person) || !TryNumber(f[2], out var x) || !TryNumber(f[4], out var y))
                throw new InvalidDataException($"{path} line {lineNumber}: expected 'frame id x z y …' as numbers");
            rows.Add(((int)frame, (int)person, new PointF((float)(x * CentimetresPerMetre), (float)(y * CentimetresPerMetre))));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path} holds no trajectory samples");

        // Frames between annotations differ by scene (6 or 10); the step between one person's samples tells it.
        var step = AnnotationStep(rows);
        var instants = rows.GroupBy(r => r.Frame).OrderBy(g => g.Key)
            .Select(g => new SceneInstant(g.Key / (AnnotatedPerSecond * step), g.Select(r => new PersonAt(r.Person, r.Foot)).ToArray()))
            .ToList();
        return new TrajectoryScene(name, instants);
    }

    private static int AnnotationStep(List<(int Frame, int Person, PointF Foot)> rows)
    {
        var gaps = rows.GroupBy(r => r.Person)
            .SelectMany(p => p.OrderBy(r => r.Frame).Zip(p.OrderBy(r => r.Frame).Skip(1), (a, b) => b.Frame - a.Frame))
            .Where(g => g > 0).Order().ToList();
        return gaps.Count == 0 ? 10 : gaps[gaps.Count / 2];
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
