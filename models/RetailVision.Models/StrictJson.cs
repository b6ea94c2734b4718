using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetailVision.Models;

/// <summary>
/// The JSON rules for the files models/ commits (manifests, calibration tables): camelCase, unknown, missing or null
/// fields are errors, no comments or trailing commas; written indented. Errors name the file.
/// </summary>
internal static class StrictJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        WriteIndented = true,
    };

    /// <param name="what">What the file holds, for messages (e.g. "model manifest").</param>
    /// <param name="error">Makes the caller's exception from a message.</param>
    public static T ReadFile<T>(string path, string what, Func<string, Exception> error)
        where T : class =>
        File.Exists(path) ? Parse<T>(File.ReadAllText(path), path, what, error) : throw error($"{what} {path} does not exist");

    public static T Parse<T>(string json, string sourceName, string what, Func<string, Exception> error)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            throw error($"{sourceName}: {e.Message}");
        }

        return value ?? throw error($"{sourceName}: the {what} is null");
    }
}
