using RetailVision.Contracts;
using RetailVision.Edge.Events;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.LoadGenerator.Scenes;

/// <summary>
/// The decision-point events a camera over a scene publishes: the scene's people, as tracked boxes standing on their
/// foot points, through the edge's own visit tracker, line counter, queue monitor and dwell classifier. Enter, exit and
/// dwell timing are those of real movement. Times are seconds from the scene's start, on <see cref="DateTimeOffset.UnixEpoch"/>;
/// the replay moves each event to the moment it is sent.
/// </summary>
public sealed record SceneEventScript(string SceneName, IReadOnlyList<DecisionPointEvent> Events, TimeSpan Length)
{
    private const float PersonHeight = 170;
    private const float PersonWidth = 40;

    public static SceneEventScript Of(TrajectoryScene scene, SceneLayout layout)
    {
        var factory = new DecisionPointEventFactory("scene", "camera", DateTimeOffset.UnixEpoch);
        var zonesById = layout.Zones.ToDictionary(z => z.Id);
        var visits = new ZoneVisitTracker(layout.Zones);
        var lines = new LineCrossingCounter(layout.Lines);
        var queues = new QueueMonitor(layout.Zones);
        var classifier = new DwellClassifier();
        var transitions = new List<ZoneTransition>();
        var crossings = new List<LineCrossing>();
        var waits = new List<QueueWait>();
        var events = new List<DecisionPointEvent>();

        void Emit()
        {
            foreach (var t in transitions)
            {
                events.Add(t.Kind == ZoneTransitionKind.Exit
                    ? factory.Create(t, classifier.Classify(zonesById[t.ZoneId], t), ServedOf(waits, t))
                    : factory.Create(t, null, null));
            }
            foreach (var c in crossings) events.Add(factory.Create(c));
            transitions.Clear();
            crossings.Clear();
            waits.Clear();
        }

        var last = 0.0;
        foreach (var instant in scene.Instants)
        {
            var tracks = instant.People.Select(p => new TrackedPerson(p.PersonId,
                new BoundingBox(p.Foot.X - PersonWidth / 2, p.Foot.Y - PersonHeight, PersonWidth, PersonHeight), 1, false)).ToArray();
            last = instant.Seconds;
            visits.Update(tracks, last, transitions);
            lines.Update(tracks, last, crossings);
            queues.Update(tracks, last, waits);
            Emit();
        }
        visits.Flush(last, transitions);
        queues.Flush(last, waits);
        Emit();
        if (events.Count == 0) throw new InvalidDataException($"scene '{scene.Name}' yields no decision points over its derived zones");
        return new SceneEventScript(scene.Name, events.OrderBy(e => e.Timestamp).ToList(), TimeSpan.FromSeconds(last - scene.Instants[0].Seconds));
    }

    // The queue monitor closes a wait on the same instant as the queue zone's exit.
    private static bool? ServedOf(List<QueueWait> waits, ZoneTransition exit)
    {
        foreach (var wait in waits)
            if (wait.ZoneId == exit.ZoneId && wait.TrackId == exit.TrackId) return wait.Served;
        return null;
    }
}
