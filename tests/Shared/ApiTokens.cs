using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace RetailVision.Tests.Shared;

/// <summary>Fixed API tokens the tests configure on the aggregators they start, and HTTP clients that send them.</summary>
public static class ApiTokens
{
    public const string Admin = "rv_test-admin-0000000000000000000000000000000";

    /// <summary>The aggregator settings for one token at <c>Aggregator:Api:Tokens:{index}</c>.</summary>
    public static IEnumerable<string> Settings(int index, string name, string role, string token, params string[] stores)
    {
        var key = $"--Aggregator:Api:Tokens:{index}";
        yield return $"{key}:Name={name}";
        yield return $"{key}:Role={role}";
        yield return $"{key}:Sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
        for (var i = 0; i < stores.Length; i++) yield return $"{key}:Stores:{i}={stores[i]}";
    }

    /// <summary>The admin token as token 0, for tests that read the API as an operator would.</summary>
    public static IEnumerable<string> AdminSettings => Settings(0, "test-admin", "Admin", Admin);

    public static HttpClient Client(Uri baseAddress, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
