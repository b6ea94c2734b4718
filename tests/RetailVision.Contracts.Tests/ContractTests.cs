using System.Buffers;
using System.Text;
using NJsonSchema;
using RetailVision.Contracts;

namespace RetailVision.Contracts.Tests;

public class ContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static DecisionPointEvent Exit() => new(ContractVersion.Current, Guid.CreateVersion7(T0), DecisionPointKind.ZoneExit,
        "store-1", "cam-1", "shelf-a", 7, T0.AddSeconds(4.5), T0, T0.AddSeconds(4.5), 4.5);

    private static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

    private static JsonSchema Schema(string name) =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schema", name)).GetAwaiter().GetResult();

    [Fact]
    public void An_event_round_trips_through_its_json_form()
    {
        var e = Exit();
        var parsed = ContractValidator.ValidateEvent(new ReadOnlySequence<byte>(ContractJson.Serialize(e)), "store-1", "cam-1");
        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(e, parsed.Value);
        Assert.Contains("\"kind\":\"zone_exit\"", ContractJson.SerializeToString(e));
    }

    [Fact]
    public void The_serialised_forms_satisfy_the_published_json_schemas()
    {
        var enter = Exit() with { Kind = DecisionPointKind.ZoneEnter, Timestamp = T0, ExitedAt = null, DwellSeconds = null };
        var eventSchema = Schema("decision-point-event.v1.schema.json");
        Assert.Empty(eventSchema.Validate(ContractJson.SerializeToString(Exit())));
        Assert.Empty(eventSchema.Validate(ContractJson.SerializeToString(enter)));
        var snapshot = new HeatmapSnapshot(1, Guid.CreateVersion7(T0), "store-1", "cam-1", T0, T0.AddMinutes(1), 768, 576, 2, 1, [1.5f, 0f]);
        Assert.Empty(Schema("heatmap-snapshot.v1.schema.json").Validate(Encoding.UTF8.GetString(ContractJson.Serialize(snapshot))));
        Assert.NotEmpty(eventSchema.Validate("""{"version":2}"""));
    }

    [Fact]
    public void Telemetry_messages_satisfy_their_json_schemas_and_topics_are_told_apart()
    {
        var status = new CameraStatusMessage(1, "store-1", "cam-1", "reconnecting", "connection refused", T0);
        Assert.Empty(Schema("camera-status.v1.schema.json").Validate(Encoding.UTF8.GetString(ContractJson.Serialize(status))));
        var stats = new EdgeStatsMessage(1, "store-1", T0, "1.0.0", 61.5, new DetectorStats("cpu", "nanodet-g 416x416 fp32", 9.8, 1.4),
            new OutboxStats(3, 1200, 2.5, 0, 0.001),
            [new CameraStats("cam-1", "streaming", 10, 5, 0, 2, 1, 27.5, new Dictionary<string, double> { ["decode"] = 1.2, ["inference"] = 27.5 })]);
        var statsSchema = Schema("edge-stats.v1.schema.json");
        Assert.Empty(statsSchema.Validate(Encoding.UTF8.GetString(ContractJson.Serialize(stats))));
        Assert.NotEmpty(statsSchema.Validate("""{"version":1,"storeId":"store-1"}"""));

        Assert.True(MqttTopics.IsTelemetry("retailvision", MqttTopics.StoreStatus("retailvision", "store-1")));
        Assert.True(MqttTopics.IsTelemetry("retailvision", MqttTopics.CameraStatus("retailvision", "store-1", "cam-1")));
        Assert.True(MqttTopics.IsTelemetry("retailvision", MqttTopics.Stats("retailvision", "store-1")));
        Assert.False(MqttTopics.IsTelemetry("retailvision", MqttTopics.Events("retailvision", "store-1", "cam-1")));
        Assert.False(MqttTopics.IsTelemetry("other", MqttTopics.Stats("retailvision", "store-1")));
    }

    [Theory]
    [InlineData("not json", "payload")]
    [InlineData("""{"version":1}""", "payload")]
    [InlineData("null", "payload")]
    public void Malformed_payloads_are_refused_with_a_reason(string json, string field)
    {
        var result = ContractValidator.ValidateEvent(Bytes(json), "store-1", "cam-1");
        Assert.False(result.IsValid);
        Assert.StartsWith(field, result.Error);
    }

    [Fact]
    public void Semantic_errors_name_the_field()
    {
        string? Check(DecisionPointEvent e) => ContractValidator.CheckEvent(e, "store-1", "cam-1");
        Assert.Null(Check(Exit()));
        Assert.StartsWith("version", Check(Exit() with { Version = 2 }));
        Assert.StartsWith("storeId", Check(Exit() with { StoreId = "store-2" }));
        Assert.StartsWith("zoneId", Check(Exit() with { ZoneId = "a/b" }));
        Assert.StartsWith("dwellSeconds", Check(Exit() with { DwellSeconds = 9 }));
        Assert.StartsWith("exitedAt", Check(Exit() with { ExitedAt = null }));
        Assert.StartsWith("eventId", Check(Exit() with { EventId = Guid.Empty }));
    }

    [Fact]
    public void Unknown_fields_wrong_types_and_oversized_payloads_are_refused()
    {
        var json = ContractJson.SerializeToString(Exit());
        Assert.Contains("extra", ContractValidator.ValidateEvent(Bytes(json.Replace("{\"version\"", "{\"extra\":1,\"version\"")), "store-1", "cam-1").Error);
        Assert.False(ContractValidator.ValidateEvent(Bytes(json.Replace("\"trackId\":7", "\"trackId\":\"7\"")), "store-1", "cam-1").IsValid);
        Assert.False(ContractValidator.ValidateEvent(Bytes(json.Replace("zone_exit", "zone_teleport")), "store-1", "cam-1").IsValid);
        var big = new ReadOnlySequence<byte>(new byte[ContractValidator.MaxPayloadBytes + 1]);
        Assert.Contains("limit", ContractValidator.ValidateEvent(big, "store-1", "cam-1").Error);
        var deep = new string('[', 1000) + new string(']', 1000);
        Assert.False(ContractValidator.ValidateEvent(Bytes(deep), "store-1", "cam-1").IsValid);
    }

    [Theory]
    [InlineData(768, 576, 64, 48, null)]
    [InlineData(1, 16384, 1, 1, "frameWidth/frameHeight")]
    [InlineData(16384, 2047, 1, 1, "frameWidth/frameHeight")]
    [InlineData(16384, 2048, 1, 1, null)]
    [InlineData(64, 48, 65, 1, "columns/rows")]
    [InlineData(64, 48, 1, 49, "columns/rows")]
    [InlineData(1024, 1024, 257, 256, "columns/rows")]
    public void Heatmap_frames_and_grids_must_be_drawable(int frameWidth, int frameHeight, int columns, int rows, string? field)
    {
        var snapshot = new HeatmapSnapshot(1, Guid.CreateVersion7(T0), "store-1", "cam-1", T0, T0.AddMinutes(1), frameWidth, frameHeight,
            columns, rows, new float[columns * rows]);

        var error = ContractValidator.CheckHeatmap(snapshot, "store-1", "cam-1");

        if (field is null) Assert.Null(error);
        else Assert.StartsWith(field, error);
    }

    [Fact]
    public void Heatmap_cells_must_match_the_grid_and_be_finite()
    {
        var snapshot = new HeatmapSnapshot(1, Guid.CreateVersion7(T0), "store-1", "cam-1", T0, T0.AddMinutes(1), 768, 576, 2, 2, [1, 2, 3, 4]);
        string? Check(HeatmapSnapshot s) => ContractValidator.CheckHeatmap(s, "store-1", "cam-1");

        Assert.Null(Check(snapshot));
        Assert.StartsWith("cellSeconds", Check(snapshot with { CellSeconds = [1, 2, 3] }));
        Assert.StartsWith("cellSeconds", Check(snapshot with { CellSeconds = [1, 2, float.NaN, 4] }));
        Assert.StartsWith("cellSeconds", Check(snapshot with { CellSeconds = [1, 2, -1, 4] }));
        Assert.StartsWith("periodEnd", Check(snapshot with { PeriodEnd = T0.AddMinutes(-1) }));
    }

    [Fact]
    public void The_store_of_any_topic_is_its_second_level()
    {
        Assert.Equal("store-1", MqttTopics.StoreOf("retailvision", "retailvision/store-1/cam-1/events"));
        Assert.Equal("store-1", MqttTopics.StoreOf("retailvision", "retailvision/store-1/status"));
        Assert.Null(MqttTopics.StoreOf("retailvision", "retailvision/store-1"));
        Assert.Null(MqttTopics.StoreOf("retailvision", "other/store-1/cam-1/events"));
        Assert.Null(MqttTopics.StoreOf("retailvision", "retailvision/a b/cam-1/events"));
    }

    [Fact]
    public void A_line_crossing_needs_a_direction_and_nothing_of_a_visit()
    {
        var cross = new DecisionPointEvent(ContractVersion.Current, Guid.CreateVersion7(T0), DecisionPointKind.LineCross,
            "store-1", "cam-1", "door", 3, T0, T0, null, null) { Direction = LineDirection.In };
        string? Check(DecisionPointEvent e) => ContractValidator.CheckEvent(e, "store-1", "cam-1");

        Assert.Null(Check(cross));
        Assert.Contains("\"direction\":\"in\"", ContractJson.SerializeToString(cross));
        Assert.Empty(Schema("decision-point-event.v1.schema.json").Validate(ContractJson.SerializeToString(cross)));
        Assert.StartsWith("direction", Check(cross with { Direction = null }));
        Assert.StartsWith("exitedAt", Check(cross with { DwellSeconds = 1 }));
        Assert.StartsWith("direction", Check(Exit() with { Direction = LineDirection.Out }));
        var parsed = ContractValidator.ValidateEvent(new ReadOnlySequence<byte>(ContractJson.Serialize(cross)), "store-1", "cam-1");
        Assert.Equal(cross, parsed.Value);
    }

    [Fact]
    public void Topics_parse_back_into_store_camera_and_leaf()
    {
        var topic = MqttTopics.Events("retailvision", "store-1", "cam-1");
        Assert.True(MqttTopics.TryParse("retailvision", topic, out var store, out var camera, out var leaf));
        Assert.Equal(("store-1", "cam-1", "events"), (store, camera, leaf));
        Assert.False(MqttTopics.TryParse("retailvision", "retailvision/store-1/cam-1/other", out _, out _, out _));
        Assert.False(MqttTopics.TryParse("retailvision", "other/store-1/cam-1/events", out _, out _, out _));
    }
}
