using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Security;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Configuration;

/// <summary>Checks the settings at start-up; every failure names the configuration key and what is wrong with it.</summary>
public sealed class AggregatorOptionsValidator : IValidateOptions<AggregatorOptions>
{
    private const string Broker = $"{AggregatorOptions.SectionName}:Broker";
    private const string Limits = $"{Broker}:Limits";
    private const string Api = $"{AggregatorOptions.SectionName}:Api";

    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        var failures = new List<string>();
        if (options.Storage.RawRetentionDays < 0)
            failures.Add($"{AggregatorOptions.SectionName}:Storage:RawRetentionDays must be 0 (keep forever) or more (was {options.Storage.RawRetentionDays})");
        foreach (var (store, days) in options.Storage.StoreRawRetentionDays)
            if (days < 0)
                failures.Add($"{AggregatorOptions.SectionName}:Storage:StoreRawRetentionDays:{store} must be 0 (keep forever) or more (was {days})");
        if (!Enum.IsDefined(options.Storage.Backend))
            failures.Add($"{AggregatorOptions.SectionName}:Storage:Backend must be LiteDb or Postgres");
        else if (options.Storage.Backend == StorageBackend.LiteDb && string.IsNullOrWhiteSpace(options.DatabasePath))
            failures.Add($"{AggregatorOptions.SectionName}:DatabasePath must name the LiteDB file");
        else if (options.Storage.Backend == StorageBackend.Postgres)
            ValidateConnectionString(options.Storage.ConnectionString, failures);
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
            if (broker.SharedSubscriptionGroup is { } group && !ContractValidator.IsId(group))
                failures.Add($"{Broker}:SharedSubscriptionGroup '{group}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");
        }
        else
        {
            if (broker.MaxPendingMessagesPerClient < 1)
                failures.Add($"{Broker}:MaxPendingMessagesPerClient must be at least 1 (was {broker.MaxPendingMessagesPerClient})");
            if (!broker.AllowAnonymous && broker.Stores.Count == 0)
                failures.Add($"{Broker}:Stores is empty and {Broker}:AllowAnonymous is false, so no client could connect: add stores or allow anonymous clients");
            if (!System.Net.IPAddress.TryParse(broker.BindAddress, out _))
                failures.Add($"{Broker}:BindAddress '{broker.BindAddress}' must be an IP address such as 0.0.0.0 or 127.0.0.1");
            ValidateStores(broker.Stores, failures);
            ValidateTls(broker, failures);
            ValidateLimits(broker.Limits, failures);
            ValidateQueues(broker.Queues, broker.Limits, failures);
        }
        if (!double.IsFinite(options.ShutdownTimeoutSeconds) || options.ShutdownTimeoutSeconds is <= 0 or > 3_600)
            failures.Add($"{AggregatorOptions.SectionName}:ShutdownTimeoutSeconds must be more than 0 and at most 3600 (was {options.ShutdownTimeoutSeconds})");
        ValidateApi(options.Api, failures);
        ValidateIngest(options.Ingest, failures);
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

    private static void ValidateLimits(BrokerLimitsOptions limits, List<string> failures)
    {
        // The packet limit must leave room for a maximal contract payload, or valid events would be cut off.
        if (limits.MaxPacketBytes < ContractValidator.MaxPayloadBytes + 1024 || limits.MaxPacketBytes > MqttFrameScanner.MaxRemainingLength)
            failures.Add($"{Limits}:MaxPacketBytes must be {ContractValidator.MaxPayloadBytes + 1024}–{MqttFrameScanner.MaxRemainingLength} (was {limits.MaxPacketBytes})");
        AtLeast(failures, "MaxTopicBytes", limits.MaxTopicBytes, 64);
        // A CONNECT carries the client id, the store's credentials and a small will message.
        if (limits.MaxConnectPacketBytes < 256 || limits.MaxConnectPacketBytes > limits.MaxPacketBytes)
            failures.Add($"{Limits}:MaxConnectPacketBytes must be 256–{limits.MaxPacketBytes} (MaxPacketBytes) (was {limits.MaxConnectPacketBytes})");
        if (limits.PreLoginBudgetBytes < limits.MaxConnectPacketBytes)
            failures.Add($"{Limits}:PreLoginBudgetBytes must hold at least one CONNECT of MaxConnectPacketBytes ({limits.MaxConnectPacketBytes}) (was {limits.PreLoginBudgetBytes})");
        AtLeast(failures, "MaxRetainedBytes", limits.MaxRetainedBytes, 0);
        AtLeast(failures, "MaxRetainedMessagesPerStore", limits.MaxRetainedMessagesPerStore, 0);
        AtLeast(failures, "MaxRetainedBytesPerStore", limits.MaxRetainedBytesPerStore, 0);
        AtLeast(failures, "ConcurrentLoginChecks", limits.ConcurrentLoginChecks, 0);
        AtLeast(failures, "MaxQueuedLoginChecks", limits.MaxQueuedLoginChecks, 0);
        AtLeast(failures, "MaxLoginChecksPerAddress", limits.MaxLoginChecksPerAddress, 1);
        AtLeast(failures, "RememberedLogins", limits.RememberedLogins, 0);
        AtLeast(failures, "FailuresPerAddressBeforeBackoff", limits.FailuresPerAddressBeforeBackoff, 1);
        AtLeast(failures, "FailuresPerUserBeforeBackoff", limits.FailuresPerUserBeforeBackoff, 1);
        AtLeast(failures, "RefusalsBeforeDisconnect", limits.RefusalsBeforeDisconnect, 1);
        Positive(failures, "ConnectTimeoutSeconds", limits.ConnectTimeoutSeconds);
        Positive(failures, "StallTimeoutSeconds", limits.StallTimeoutSeconds);
        Positive(failures, "MinPacketBytesPerSecond", limits.MinPacketBytesPerSecond);
        Positive(failures, "MinPacketRateGraceSeconds", limits.MinPacketRateGraceSeconds);
        Positive(failures, "MaxBackoffSeconds", limits.MaxBackoffSeconds);
        Positive(failures, "RefusalWindowSeconds", limits.RefusalWindowSeconds);
        if (!double.IsFinite(limits.ThrottledAnswerDelaySeconds) || limits.ThrottledAnswerDelaySeconds < 0 || limits.ThrottledAnswerDelaySeconds > 5)
            failures.Add($"{Limits}:ThrottledAnswerDelaySeconds must be 0 (answer at once) to 5 (was {limits.ThrottledAnswerDelaySeconds})");
        if (!double.IsFinite(limits.CredentialCacheSeconds) || limits.CredentialCacheSeconds < 0)
            failures.Add($"{Limits}:CredentialCacheSeconds must be 0 (no cache) or more (was {limits.CredentialCacheSeconds})");
    }

    private static void ValidateQueues(BrokerQueueOptions queues, BrokerLimitsOptions limits, List<string> failures)
    {
        const string Queues = $"{Broker}:Queues";
        // A queue smaller than one packet could never hold a maximal event.
        if (queues.MaxBytesPerClient < limits.MaxPacketBytes)
            failures.Add($"{Queues}:MaxBytesPerClient must be at least {Limits}:MaxPacketBytes ({limits.MaxPacketBytes}) (was {queues.MaxBytesPerClient})");
        if (queues.MaxBytes < queues.MaxBytesPerClient)
            failures.Add($"{Queues}:MaxBytes must be at least {Queues}:MaxBytesPerClient ({queues.MaxBytesPerClient}) (was {queues.MaxBytes})");
        if (!double.IsFinite(queues.TelemetryShare) || queues.TelemetryShare is < 0 or > 1)
            failures.Add($"{Queues}:TelemetryShare must be 0 (telemetry never queued) to 1 (was {queues.TelemetryShare})");
    }

    private static void AtLeast(List<string> failures, string key, int value, int min)
    {
        if (value < min) failures.Add($"{Limits}:{key} must be at least {min} (was {value})");
    }

    private static void Positive(List<string> failures, string key, double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400) failures.Add($"{Limits}:{key} must be more than 0 and at most 86400 (was {seconds})");
    }

    private static void ValidateApi(ApiOptions api, List<string> failures)
    {
        if (api.ConcurrentRequests is < 0 or 1) failures.Add($"{Api}:ConcurrentRequests must be 0 (half the cores) or at least 2 (was {api.ConcurrentRequests})");
        else if (api.ConcurrentRequestsPerCaller < 0 || api.ConcurrentRequestsPerCaller >= api.EffectiveConcurrentRequests)
            failures.Add($"{Api}:ConcurrentRequestsPerCaller must be 0 (half of ConcurrentRequests) or 1–{api.EffectiveConcurrentRequests - 1}, fewer than ConcurrentRequests, so one caller cannot hold every permit (was {api.ConcurrentRequestsPerCaller})");
        if (api.QueuedRequests < 0) failures.Add($"{Api}:QueuedRequests must be 0 or more (was {api.QueuedRequests})");
        if (api.RequestsPerMinute < 60) failures.Add($"{Api}:RequestsPerMinute must be at least 60 (was {api.RequestsPerMinute})");
        if (api.BurstRequests < 1) failures.Add($"{Api}:BurstRequests must be at least 1 (was {api.BurstRequests})");
        ApiSeconds(failures, "ResponseTimeoutSeconds", api.ResponseTimeoutSeconds);
        ApiSeconds(failures, "KeepAliveTimeoutSeconds", api.KeepAliveTimeoutSeconds);
        ApiSeconds(failures, "RequestHeadersTimeoutSeconds", api.RequestHeadersTimeoutSeconds);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < api.Tokens.Count; i++)
        {
            var token = api.Tokens[i];
            var key = $"{Api}:Tokens:{i}";
            if (!ContractValidator.IsId(token.Name))
                failures.Add($"{key}:Name '{token.Name}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");
            else if (!names.Add(token.Name))
                failures.Add($"{key}:Name '{token.Name}' is listed twice");
            if (!Enum.IsDefined(token.Role))
                failures.Add($"{key}:Role must be Manager, Analyst or Admin");
            if (!ApiToken.IsWellFormedHash(token.Sha256))
                failures.Add($"{key}:Sha256 must be the 64 lower-case hex digits that 'retailvision-aggregator create-token' prints");
            else if (!hashes.Add(token.Sha256))
                failures.Add($"{key}:Sha256 is the hash of another listed token");
            if (token.Role == ApiRole.Manager && token.Stores.Count == 0)
                failures.Add($"{key}:Stores is empty: a Manager token must name the stores it covers");
            if (token.Role != ApiRole.Manager && token.Stores.Count > 0)
                failures.Add($"{key}:Stores must be empty for a {token.Role} token, which is chain-wide");
            foreach (var store in token.Stores.Where(s => !ContractValidator.IsId(s)))
                failures.Add($"{key}:Stores: '{store}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");
        }
    }

    private static void ApiSeconds(List<string> failures, string key, double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400) failures.Add($"{Api}:{key} must be more than 0 and at most 86400 (was {seconds})");
    }

    private static void ValidateConnectionString(string? connectionString, List<string> failures)
    {
        const string key = $"{AggregatorOptions.SectionName}:Storage:ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{key} is required when Storage:Backend is Postgres (e.g. Host=db;Database=retailvision;Username=aggregator;Password=…)");
            return;
        }
        try
        {
            var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host)) failures.Add($"{key} names no Host");
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{key} is not an Npgsql connection string: {ex.Message}");
        }
    }

    private static void ValidateIngest(IngestOptions ingest, List<string> failures)
    {
        const string key = $"{AggregatorOptions.SectionName}:Ingest";
        if (ingest.MaxBatchMessages is < 1 or > 100_000) failures.Add($"{key}:MaxBatchMessages must be 1–100000 (was {ingest.MaxBatchMessages})");
        if (!double.IsFinite(ingest.MaxBatchDelayMilliseconds) || ingest.MaxBatchDelayMilliseconds is < 0 or > 10_000)
            failures.Add($"{key}:MaxBatchDelayMilliseconds must be 0–10000 (was {ingest.MaxBatchDelayMilliseconds})");
        if (ingest.QueueCapacity < ingest.MaxBatchMessages)
            failures.Add($"{key}:QueueCapacity must be at least MaxBatchMessages ({ingest.MaxBatchMessages}; was {ingest.QueueCapacity})");
        if (ingest.MaxDeadLetters < 1) failures.Add($"{key}:MaxDeadLetters must be at least 1 (was {ingest.MaxDeadLetters})");
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
