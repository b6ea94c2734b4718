using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Security;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Configuration;

/// <summary>Checks the settings at start-up; every failure names the configuration key and what is wrong with it.</summary>
public sealed class AggregatorOptionsValidator : IValidateOptions<AggregatorOptions>
{
    private const string Broker = $"{AggregatorOptions.SectionName}:Broker";

    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
            failures.Add($"{AggregatorOptions.SectionName}:DatabasePath must name the LiteDB file");
        // The prefix is the first topic level: wildcards or separators in it would break the ACL and the subscriptions.
        if (!ContractValidator.IsId(options.TopicPrefix))
            failures.Add($"{AggregatorOptions.SectionName}:TopicPrefix '{options.TopicPrefix}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");

        var broker = options.Broker;
        if (broker.Port is < 1 or > 65535)
            failures.Add($"{Broker}:Port must be 1–65535 (was {broker.Port})");
        if (broker.Mode == BrokerMode.External)
        {
            if (string.IsNullOrWhiteSpace(broker.Host))
                failures.Add($"{Broker}:Host is required when {Broker}:Mode is External");
            if (string.IsNullOrWhiteSpace(broker.ClientId))
                failures.Add($"{Broker}:ClientId is required when {Broker}:Mode is External (it names the persistent session)");
        }
        else
        {
            if (broker.MaxPendingMessagesPerClient < 1)
                failures.Add($"{Broker}:MaxPendingMessagesPerClient must be at least 1 (was {broker.MaxPendingMessagesPerClient})");
            if (!broker.AllowAnonymous && broker.Stores.Count == 0)
                failures.Add($"{Broker}:Stores is empty and {Broker}:AllowAnonymous is false, so no client could connect: add stores or allow anonymous clients");
            ValidateStores(broker.Stores, failures);
            ValidateTls(broker, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTls(BrokerOptions broker, List<string> failures)
    {
        var tls = broker.Tls;
        if (!tls.IsEnabled)
        {
            if (!broker.PlainListener)
                failures.Add($"{Broker}:PlainListener is false and {Broker}:Tls:CertificatePath is empty, so the broker would not listen at all");
            return;
        }
        if (tls.Port is < 1 or > 65535)
            failures.Add($"{Broker}:Tls:Port must be 1–65535 (was {tls.Port})");
        else if (broker.PlainListener && tls.Port == broker.Port)
            failures.Add($"{Broker}:Tls:Port {tls.Port} is also the plain listener's {Broker}:Port");
        // Loaded here, not first in the broker, so a bad file stops the start-up with the key named.
        try
        {
            ServerCertificate.Load(tls).Dispose();
        }
        catch (InvalidDataException ex)
        {
            failures.Add($"{Broker}:Tls:CertificatePath: {ex.Message}");
        }
    }

    private static void ValidateStores(List<StoreCredentialOptions> stores, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stores.Count; i++)
        {
            var key = $"{Broker}:Stores:{i}";
            if (!ContractValidator.IsId(stores[i].StoreId))
                failures.Add($"{key}:StoreId '{stores[i].StoreId}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");
            else if (!seen.Add(stores[i].StoreId))
                failures.Add($"{key}:StoreId '{stores[i].StoreId}' is listed twice");
            if (!StorePasswordHash.IsWellFormed(stores[i].PasswordHash))
                failures.Add($"{key}:PasswordHash is not a '{StorePasswordHash.Scheme}$iterations$salt$hash' string (make one with 'retailvision-aggregator hash-password')");
        }
    }
}
