using System.CommandLine;
using System.Text.Json;
using RetailVision.Aggregator.Configuration;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// <c>retailvision-aggregator create-token --name N --role manager --store S [--store S2…]</c>: makes an API token,
/// prints it once on standard output and, on standard error, the entry to add under <c>Aggregator:Api:Tokens</c>,
/// which holds only its SHA-256.
/// </summary>
public static class CreateTokenCommand
{
    public const string Name = "create-token";

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Who holds the token, e.g. manager-berlin-01 or nightly-export", Required = true };
        var role = new Option<ApiRole>("--role") { Description = "Manager (its stores only), Analyst or Admin (chain-wide)", Required = true };
        var stores = new Option<string[]>("--store") { Description = "A store a Manager token covers (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var command = new Command(Name, "Make an API token for the aggregator's HTTP API") { name, role, stores };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var entry = new ApiTokenOptions { Name = parse.GetValue(name)!, Role = parse.GetValue(role), Stores = [.. parse.GetValue(stores) ?? []] };
            if (Problem(entry) is { } problem)
            {
                error.WriteLine($"error: {problem}");
                return 2;
            }
            var token = ApiToken.Create();
            entry.Sha256 = ApiToken.HashOf(token);
            output.WriteLine(token);
            error.WriteLine("Add this entry to Aggregator:Api:Tokens (the token above is shown only now):");
            error.WriteLine(JsonSerializer.Serialize(new { entry.Name, Role = entry.Role.ToString(), entry.Stores, entry.Sha256 }));
            return 0;
        });
        return command;
    }

    private static string? Problem(ApiTokenOptions entry)
    {
        if (!ContractValidator.IsId(entry.Name)) return $"--name '{entry.Name}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'";
        if (entry.Role == ApiRole.Manager && entry.Stores.Count == 0) return "--store: a Manager token needs at least one store";
        if (entry.Role != ApiRole.Manager && entry.Stores.Count > 0) return $"--store: a {entry.Role} token is chain-wide and takes no stores";
        return entry.Stores.FirstOrDefault(s => !ContractValidator.IsId(s)) is { } bad
            ? $"--store '{bad}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'"
            : null;
    }
}
