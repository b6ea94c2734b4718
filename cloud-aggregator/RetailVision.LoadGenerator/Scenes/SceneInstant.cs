namespace RetailVision.LoadGenerator.Scenes;

/// <summary>Everyone present at one annotated instant of a scene, seconds from the scene's frame 0.</summary>
public sealed record SceneInstant(double Seconds, PersonAt[] People);
