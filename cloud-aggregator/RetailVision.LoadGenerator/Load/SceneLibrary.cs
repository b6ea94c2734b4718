using RetailVision.LoadGenerator.Scenes;

namespace RetailVision.LoadGenerator.Load;

/// <summary>The event scripts of every real trajectory scene, which the simulated cameras share out between them.</summary>
public sealed class SceneLibrary(IReadOnlyList<SceneEventScript> scripts)
{
    public IReadOnlyList<SceneEventScript> Scripts => scripts;

    public static SceneLibrary Load(string evalRoot)
    {
        if (!Directory.Exists(Path.Combine(evalRoot, "trajectories")))
            throw new DirectoryNotFoundException($"no trajectories/ folder under '{evalRoot}': the load generator replays the real pedestrian " +
                                                 "trajectories of the evaluation data (--eval, default ../shared/eval beside the repository)");
        return new SceneLibrary(TrajectoryScene.Names.Select(name =>
        {
            var scene = TrajectoryScene.Load(evalRoot, name);
            return SceneEventScript.Of(scene, SceneLayout.Of(scene));
        }).ToList());
    }

    /// <summary>The cameras of a plan: camera c of store s replays scene (s + c) mod n from a point of its own.</summary>
    public IReadOnlyList<IReadOnlyList<CameraReplay>> Cameras(LoadPlan plan, int seed)
    {
        var random = new Random(seed);
        return plan.StoreIds.Select((store, s) => StoreCameras(store, s, plan.Cameras, random)).ToList();
    }

    /// <summary>The <paramref name="cameras"/> cameras of the store at <paramref name="storeIndex"/> of a load.</summary>
    public IReadOnlyList<CameraReplay> StoreCameras(string storeId, int storeIndex, int cameras, Random random) =>
        Enumerable.Range(1, cameras).Select(c =>
        {
            var script = scripts[(storeIndex + c) % scripts.Count];
            return new CameraReplay(storeId, $"cam-{c}", script, random.Next(script.Events.Count));
        }).ToList();
}
