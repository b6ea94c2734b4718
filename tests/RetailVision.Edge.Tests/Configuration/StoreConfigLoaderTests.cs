using RetailVision.Tests.Shared;
using RetailVision.Edge.Configuration;

namespace RetailVision.Edge.Tests.Configuration;

public sealed class StoreConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rv-config-").FullName;
    private readonly string _video;

    public StoreConfigLoaderTests()
    {
        _video = Path.Combine(_dir, "video.avi");
        File.WriteAllBytes(_video, [0]);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "store.json");
        File.WriteAllText(path, json);
        return path;
    }

    private string Valid(string zones = """[{ "id": "z1", "polygon": [[0,0],[10,0],[10,10]] }]""", string extra = "") => $$"""
        { "storeId": "s1", {{extra}} "cameras": [ { "id": "c1", "source": "{{_video}}", "zones": {{zones}} } ] }
        """;

    [Fact]
    public void Loads_a_valid_file()
    {
        var config = StoreConfigLoader.Load(Write(Valid()));
        Assert.Equal("s1", config.StoreId);
        Assert.Single(config.Cameras[0].Zones);
    }

    [Theory]
    [InlineData("""{ "storeId": "s1", "camerass": [] }""", "unknown key 'camerass'")]
    [InlineData("""{ "storeId": "s1" }""", "missing required key")]
    [InlineData("""{ "storeId": "s1", "cameras": "no" }""", "$.cameras")]
    [InlineData("""{ not json""", "$")]
    public void Names_the_field_of_a_malformed_file(string json, string expected)
    {
        var path = Write(json);
        var ex = Assert.Throws<ConfigException>(() => StoreConfigLoader.Load(path));
        Assert.StartsWith(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Refuses_a_zone_with_fewer_than_three_points()
    {
        var ex = Assert.Throws<ConfigException>(() => StoreConfigLoader.Load(Write(Valid("""[{ "id": "z1", "polygon": [[0,0],[10,0]] }]"""))));
        Assert.Equal("cameras[0].zones[0].polygon", ex.Field);
        Assert.Contains("at least 3", ex.Message);
    }

    [Fact]
    public void Refuses_duplicate_zone_ids()
    {
        var zones = """[{ "id": "z1", "polygon": [[0,0],[10,0],[10,10]] }, { "id": "z1", "polygon": [[0,0],[10,0],[10,10]] }]""";
        var ex = Assert.Throws<ConfigException>(() => StoreConfigLoader.Load(Write(Valid(zones))));
        Assert.Equal("cameras[0].zones[1].id", ex.Field);
    }

    [Fact]
    public void Refuses_an_unreadable_source()
    {
        var path = Write(Valid().Replace(_video, "/nonexistent/video.avi"));
        var ex = Assert.Throws<ConfigException>(() => StoreConfigLoader.Load(path));
        Assert.Equal("cameras[0].source", ex.Field);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Refuses_an_input_size_that_is_not_a_multiple_of_32()
    {
        var ex = Assert.Throws<ConfigException>(() => StoreConfigLoader.Load(Write(Valid(extra: """ "detector": { "inputSize": "400x400" }, """))));
        Assert.Equal("detector.inputSize", ex.Field);
    }

    [Fact]
    public void The_shipped_demo_config_is_valid()
    {
        var config = StoreConfigLoader.Load(Path.Combine(TestRepository.Root, "deploy", "vtest.store.json"));
        Assert.NotEmpty(config.Cameras[0].Zones);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
