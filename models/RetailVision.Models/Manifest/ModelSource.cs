namespace RetailVision.Models.Manifest;

/// <summary>Where the original model comes from: an exact package version and the hash of its tarball.</summary>
public sealed record ModelSource(
    string Registry,
    string Package,
    string Version,
    string TarballSha256,
    SourceFiles Files,
    string Licence,
    string Upstream);
