using System.Buffers;
using System.Text.Json;

namespace RetailVision.Contracts;

/// <summary>
/// Parses and checks a payload against the contract. Never throws on bad input: the reason comes back as text that
/// names the field, for the dead-letter store and the log.
/// </summary>
public static class ContractValidator
{
    /// <summary>Payloads above this are refused before parsing.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    public const int MaxIdLength = 64;
    public const int MaxGridCells = 256 * 256;

    /// <summary>The widest (or tallest) camera frame a heatmap may describe, as width:height.</summary>
    public const int MaxAspectRatio = 8;

    public static ValidationResult<DecisionPointEvent> ValidateEvent(ReadOnlySequence<byte> payload, string topicStoreId, string topicCameraId)
    {
        if (!TryParse(payload, ContractJson.Default.DecisionPointEvent, out var e, out var error))
            return ValidationResult<DecisionPointEvent>.Invalid(error);
        return ValidationResult<DecisionPointEvent>.From(e!, CheckEvent(e!, topicStoreId, topicCameraId));
    }

    public static ValidationResult<HeatmapSnapshot> ValidateHeatmap(ReadOnlySequence<byte> payload, string topicStoreId, string topicCameraId)
    {
        if (!TryParse(payload, ContractJson.Default.HeatmapSnapshot, out var s, out var error))
            return ValidationResult<HeatmapSnapshot>.Invalid(error);
        return ValidationResult<HeatmapSnapshot>.From(s!, CheckHeatmap(s!, topicStoreId, topicCameraId));
    }

    /// <summary>The semantic checks on an already typed event (also used by the edge before it publishes).</summary>
    public static string? CheckEvent(DecisionPointEvent e, string topicStoreId, string topicCameraId)
    {
        var header = CheckHeader(e.Version, e.EventId, e.StoreId, e.CameraId, topicStoreId, topicCameraId, "eventId");
        if (header is not null) return header;
        if (!IsId(e.ZoneId)) return $"zoneId: must be 1–{MaxIdLength} characters of letters, digits, '-', '_' or '.'";
        if (e.TrackId < 0) return "trackId: must not be negative";
        if (!Enum.IsDefined(e.Kind)) return "kind: unknown value";
        if (e.Kind != DecisionPointKind.LineCross && e.Direction is not null) return "direction: only a line_cross has one";
        switch (e.Kind)
        {
            case DecisionPointKind.ZoneEnter:
                if (e.ExitedAt is not null || e.DwellSeconds is not null || e.DwellClass is not null || e.Served is not null)
                    return "exitedAt/dwellSeconds/dwellClass/served: must be null on zone_enter";
                if (e.Timestamp != e.EnteredAt) return "timestamp: must equal enteredAt on zone_enter";
                break;
            case DecisionPointKind.LineCross:
                if (e.ExitedAt is not null || e.DwellSeconds is not null || e.DwellClass is not null || e.Served is not null)
                    return "exitedAt/dwellSeconds/dwellClass/served: must be null on line_cross";
                if (e.Timestamp != e.EnteredAt) return "timestamp: must equal enteredAt on line_cross";
                if (e.Direction is not { } direction || !Enum.IsDefined(direction)) return "direction: required on line_cross (in or out)";
                break;
            case DecisionPointKind.ZoneExit:
                if (e.ExitedAt is null) return "exitedAt: required on zone_exit";
                if (e.DwellSeconds is not { } dwell || !double.IsFinite(dwell) || dwell < 0) return "dwellSeconds: required on zone_exit, finite and ≥ 0";
                if (e.ExitedAt < e.EnteredAt) return "exitedAt: must not be before enteredAt";
                if (Math.Abs((e.ExitedAt.Value - e.EnteredAt).TotalSeconds - dwell) > 0.01) return "dwellSeconds: must equal exitedAt − enteredAt";
                if (e.Timestamp != e.ExitedAt) return "timestamp: must equal exitedAt on zone_exit";
                if (e.DwellClass is { } dwellClass && !Enum.IsDefined(dwellClass)) return "dwellClass: unknown value";
                break;
        }
        return null;
    }

    public static string? CheckHeatmap(HeatmapSnapshot s, string topicStoreId, string topicCameraId)
    {
        var header = CheckHeader(s.Version, s.SnapshotId, s.StoreId, s.CameraId, topicStoreId, topicCameraId, "snapshotId");
        if (header is not null) return header;
        if (s.PeriodEnd < s.PeriodStart) return "periodEnd: must not be before periodStart";
        if (s.FrameWidth is < 1 or > 16384 || s.FrameHeight is < 1 or > 16384) return "frameWidth/frameHeight: must be 1–16384";
        // A frame of 1 × 16384 is as valid JSON as 768 × 576, but no camera has it, and drawing it costs gigabytes.
        if (s.FrameWidth > MaxAspectRatio * s.FrameHeight || s.FrameHeight > MaxAspectRatio * s.FrameWidth)
            return $"frameWidth/frameHeight: {s.FrameWidth} × {s.FrameHeight} is wider or taller than {MaxAspectRatio}:1";
        if (s.Columns < 1 || s.Rows < 1 || (long)s.Columns * s.Rows > MaxGridCells) return $"columns/rows: must be ≥ 1 with at most {MaxGridCells} cells";
        if (s.Columns > s.FrameWidth || s.Rows > s.FrameHeight) return "columns/rows: a cell must be at least one pixel, so columns ≤ frameWidth and rows ≤ frameHeight";
        if (s.CellSeconds.Length != s.Columns * s.Rows) return $"cellSeconds: has {s.CellSeconds.Length} values, columns × rows is {s.Columns * s.Rows}";
        foreach (var v in s.CellSeconds)
            if (!float.IsFinite(v) || v < 0) return "cellSeconds: every value must be finite and ≥ 0";
        return null;
    }

    private static string? CheckHeader(int version, Guid id, string storeId, string cameraId, string topicStoreId, string topicCameraId, string idField)
    {
        if (version != ContractVersion.Current) return $"version: {version} is not supported (this side speaks {ContractVersion.Current})";
        if (id == Guid.Empty) return $"{idField}: must not be empty";
        if (!IsId(storeId)) return $"storeId: must be 1–{MaxIdLength} characters of letters, digits, '-', '_' or '.'";
        if (!IsId(cameraId)) return $"cameraId: must be 1–{MaxIdLength} characters of letters, digits, '-', '_' or '.'";
        if (storeId != topicStoreId) return $"storeId: '{storeId}' does not match the topic's store '{topicStoreId}'";
        if (cameraId != topicCameraId) return $"cameraId: '{cameraId}' does not match the topic's camera '{topicCameraId}'";
        return null;
    }

    /// <summary>Ids appear in topics, file names and URLs: keep them to a safe alphabet.</summary>
    public static bool IsId(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > MaxIdLength) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return false;
        return true;
    }

    private static bool TryParse<T>(ReadOnlySequence<byte> payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, out T? value, out string error)
    {
        value = default;
        if (payload.Length > MaxPayloadBytes)
        {
            error = $"payload: {payload.Length} bytes is over the {MaxPayloadBytes}-byte limit";
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
            value = JsonSerializer.Deserialize(ref reader, info);
            if (value is null)
            {
                error = "payload: JSON null";
                return false;
            }
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = $"payload: {ex.Message}";
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            error = $"payload: {ex.Message}";
            return false;
        }
    }
}

/// <summary>A parsed value or the reason it was refused.</summary>
public readonly record struct ValidationResult<T>(T? Value, string? Error) where T : class
{
    public bool IsValid => Error is null;

    public static ValidationResult<T> Invalid(string error) => new(null, error);

    public static ValidationResult<T> From(T value, string? error) => error is null ? new(value, null) : new(null, error);
}
