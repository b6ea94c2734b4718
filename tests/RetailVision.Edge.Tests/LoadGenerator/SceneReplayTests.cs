using RetailVision.Contracts;
using RetailVision.LoadGenerator.Load;
using RetailVision.LoadGenerator.Scenes;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.LoadGenerator;

/// <summary>The load generator's events: real trajectories through the zone logic, replayed as happening now.</summary>
public sealed class SceneReplayTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Every_scene_yields_paired_visits_and_crossings_with_real_dwell()
    {
        TestRepository.RequireEvalData();
        foreach (var name in TrajectoryScene.Names)
        {
            var scene = TrajectoryScene.Load(TestRepository.EvalRoot!, name);
            var script = SceneEventScript.Of(scene, SceneLayout.Of(scene));
            var enters = script.Events.Where(e => e.Kind == DecisionPointKind.ZoneEnter).Select(e => (e.ZoneId, e.TrackId, e.EnteredAt)).Order().ToList();
            var exits = script.Events.Where(e => e.Kind == DecisionPointKind.ZoneExit).ToList();
            Assert.Equal(enters, exits.Select(e => (e.ZoneId, e.TrackId, e.EnteredAt)).Order().ToList());
            Assert.All(exits, e => Assert.InRange(e.DwellSeconds!.Value, 0, script.Length.TotalSeconds));
            Assert.All(exits, e => Assert.NotNull(e.DwellClass));
            Assert.Contains(script.Events, e => e.Kind == DecisionPointKind.LineCross);
            Assert.Contains(exits, e => e.ZoneId == "queue" && e.Served is not null);
            Assert.True(script.Events.Zip(script.Events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), $"{name}: events out of order");
            output.WriteLine($"{name}: {script.Events.Count} events, {exits.Count} visits, median dwell {exits.Select(e => e.DwellSeconds!.Value).Order().ElementAt(exits.Count / 2):0.0} s");
        }
    }

    [SkippableFact]
    public void A_replayed_event_happens_now_with_a_fresh_id_and_its_real_dwell()
    {
        TestRepository.RequireEvalData();
        var scene = TrajectoryScene.Load(TestRepository.EvalRoot!, "zara01");
        var script = SceneEventScript.Of(scene, SceneLayout.Of(scene));
        var camera = new CameraReplay("store-7", "cam-2", script, 0);
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        var firstPass = Enumerable.Range(0, script.Events.Count).Select(i => camera.Next(now.AddSeconds(i))).ToList();
        var secondPass = camera.Next(now);

        for (var i = 0; i < script.Events.Count; i++)
        {
            var (template, replayed) = (script.Events[i], firstPass[i]);
            Assert.Equal(now.AddSeconds(i), replayed.Timestamp);
            Assert.Equal(("store-7", "cam-2"), (replayed.StoreId, replayed.CameraId));
            Assert.Equal(template.DwellSeconds, replayed.DwellSeconds);
            Assert.Equal(template.Timestamp - template.EnteredAt, replayed.Timestamp - replayed.EnteredAt);
            Assert.Null(ContractValidator.ValidateEvent(new System.Buffers.ReadOnlySequence<byte>(ContractJson.Serialize(replayed)), "store-7", "cam-2").Error);
        }
        Assert.Equal(firstPass.Count, firstPass.Select(e => e.EventId).Distinct().Count());
        Assert.NotEqual(firstPass[0].TrackId, secondPass.TrackId);
        Assert.Equal(firstPass[0].ZoneId, secondPass.ZoneId);
    }
}
