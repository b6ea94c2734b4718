namespace RetailVision.Models.Manifest;

/// <summary>Paths inside the package tarball (e.g. <c>package/models/nanodet.json</c>).</summary>
public sealed record SourceFiles(string ModelJson, string Weights, string Licence);
