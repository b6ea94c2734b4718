using System.Globalization;
using Microsoft.AspNetCore.Http;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Reads the query values the endpoints share. A bad value becomes a 400 validation problem that names the parameter
/// and says what is wrong, instead of the framework's generic binding failure.
/// </summary>
public static class QueryParameters
{
    // ISO 8601's extended forms only: a culture's "01/02/2026" would mean the 1st of February to some callers and
    // the 2nd of January to others.
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        .. new[] { "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF" }
            .SelectMany(time => new[] { time, time + "'Z'", time + "zzz" }),
    ];

    /// <summary>from/to as ISO 8601 (no offset = UTC); a missing bound is open. Empty when from is not before to.</summary>
    public static bool TryParseRange(string? from, string? to, out TimeRange range, out IResult problem)
    {
        range = TimeRange.All;
        problem = Results.Empty;
        if (!TryParseInstant(nameof(from), from, DateTimeOffset.MinValue, out var start, out problem)) return false;
        if (!TryParseInstant(nameof(to), to, DateTimeOffset.MaxValue, out var end, out problem)) return false;
        if (start >= end)
        {
            problem = Invalid(nameof(to), "must be later than 'from'");
            return false;
        }
        range = new TimeRange(start, end);
        return true;
    }

    /// <summary>A positive count up to <paramref name="max"/>; <paramref name="defaultValue"/> when missing.</summary>
    public static bool TryParseLimit(string? limit, int defaultValue, int max, out int value, out IResult problem)
    {
        value = defaultValue;
        problem = Results.Empty;
        if (limit is null) return true;
        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max) return true;
        problem = Invalid(nameof(limit), $"must be a whole number from 1 to {max} (was '{limit}')");
        return false;
    }

    /// <summary>A store, camera or zone id as the contract allows them.</summary>
    public static bool TryParseId(string name, string? id, out IResult problem)
    {
        problem = Results.Empty;
        if (ContractValidator.IsId(id)) return true;
        problem = Invalid(name, $"must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.' (was '{id}')");
        return false;
    }

    public static IResult Invalid(string parameter, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            detail: $"{parameter}: {message}",
            title: $"Invalid query parameter '{parameter}'");

    private static bool TryParseInstant(string name, string? text, DateTimeOffset missing, out DateTimeOffset value, out IResult problem)
    {
        value = missing;
        problem = Results.Empty;
        if (text is null) return true;
        if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)) return true;
        problem = Invalid(name, $"must be an ISO 8601 date-time such as 2026-11-23T09:00:00Z (was '{text}')");
        return false;
    }
}
