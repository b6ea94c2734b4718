using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Tests.Support;

namespace RetailVision.Aggregator.Tests.Configuration;

public sealed class AggregatorOptionsValidatorTests
{
    private static readonly string Hash = StorePasswordHash.Create("pw", StorePasswordHash.MinIterations);

    private static string? Failure(AggregatorOptions options) => new AggregatorOptionsValidator().Validate(null, options).FailureMessage;

    private static AggregatorOptions WithStore() => new()
    {
        Broker = new BrokerOptions { Stores = [new StoreCredentialOptions { StoreId = "s1", PasswordHash = Hash }] },
    };

    [Fact]
    public void A_store_with_a_hash_is_valid() => Assert.Null(Failure(WithStore()));

    [Fact]
    public void No_store_and_no_anonymous_clients_is_refused() =>
        Assert.Contains("Aggregator:Broker:Stores is empty and Aggregator:Broker:AllowAnonymous is false", Failure(new AggregatorOptions()));

    [Fact]
    public void Anonymous_clients_alone_are_enough() =>
        Assert.Null(Failure(new AggregatorOptions { Broker = new BrokerOptions { AllowAnonymous = true } }));

    [Fact]
    public void Each_failure_names_its_setting()
    {
        var options = WithStore();
        options.TopicPrefix = "retail/#";
        options.Broker.Port = 0;
        options.Broker.Stores.Add(new StoreCredentialOptions { StoreId = "s1", PasswordHash = "secret" });

        var failure = Failure(options);

        Assert.Contains("Aggregator:TopicPrefix 'retail/#'", failure);
        Assert.Contains("Aggregator:Broker:Port must be 1–65535 (was 0)", failure);
        Assert.Contains("Aggregator:Broker:Stores:1:StoreId 's1' is listed twice", failure);
        Assert.Contains("Aggregator:Broker:Stores:1:PasswordHash", failure);
    }

    [Fact]
    public void Api_tokens_need_a_name_a_hash_and_stores_that_fit_their_role()
    {
        var options = WithStore();
        var hash = ApiToken.HashOf(ApiToken.Create());
        options.Api.Tokens =
        [
            new ApiTokenOptions { Name = "manager-1", Role = ApiRole.Manager, Stores = ["s1"], Sha256 = hash },
            new ApiTokenOptions { Name = "manager-1", Role = ApiRole.Manager, Stores = [], Sha256 = hash },
            new ApiTokenOptions { Name = "analyst", Role = ApiRole.Analyst, Stores = ["s1"], Sha256 = "not-hex" },
            new ApiTokenOptions { Name = "bad name", Role = (ApiRole)7, Stores = ["a/b"], Sha256 = ApiToken.HashOf("x") },
        ];

        var failure = Failure(options);

        Assert.Contains("Aggregator:Api:Tokens:1:Name 'manager-1' is listed twice", failure);
        Assert.Contains("Aggregator:Api:Tokens:1:Sha256 is the hash of another listed token", failure);
        Assert.Contains("Aggregator:Api:Tokens:1:Stores is empty", failure);
        Assert.Contains("Aggregator:Api:Tokens:2:Sha256 must be the 64 lower-case hex digits", failure);
        Assert.Contains("Aggregator:Api:Tokens:2:Stores must be empty for a Analyst token", failure);
        Assert.Contains("Aggregator:Api:Tokens:3:Name 'bad name'", failure);
        Assert.Contains("Aggregator:Api:Tokens:3:Role must be Manager, Analyst or Admin", failure);
        Assert.Contains("Aggregator:Api:Tokens:3:Stores: 'a/b'", failure);
        Assert.DoesNotContain("Tokens:0", failure);
    }

    [Fact]
    public void Limits_are_checked_against_the_contract_and_the_protocol()
    {
        var options = WithStore();
        options.Broker.Limits.MaxPacketBytes = 1000;
        options.Broker.Limits.ConnectTimeoutSeconds = 0;
        options.Broker.Limits.RefusalsBeforeDisconnect = 0;
        options.Broker.Limits.ThrottledAnswerDelaySeconds = 30;
        options.Broker.Limits.RememberedLogins = -1;
        options.Broker.BindAddress = "everywhere";
        options.Api.RequestsPerMinute = 10;

        var failure = Failure(options);

        Assert.Contains("Aggregator:Broker:Limits:MaxPacketBytes must be", failure);
        Assert.Contains("Aggregator:Broker:Limits:ConnectTimeoutSeconds must be more than 0", failure);
        Assert.Contains("Aggregator:Broker:Limits:RefusalsBeforeDisconnect must be at least 1 (was 0)", failure);
        Assert.Contains("Aggregator:Broker:Limits:ThrottledAnswerDelaySeconds must be 0 (answer at once) to 5 (was 30)", failure);
        Assert.Contains("Aggregator:Broker:Limits:RememberedLogins must be at least 0 (was -1)", failure);
        Assert.Contains("Aggregator:Broker:BindAddress 'everywhere'", failure);
        Assert.Contains("Aggregator:Api:RequestsPerMinute must be at least 60 (was 10)", failure);
        options.Broker.Limits.MaxPacketBytes = 268_435_456;
        Assert.Contains("Aggregator:Broker:Limits:MaxPacketBytes must be", Failure(options));
    }

    [Fact]
    public void One_caller_may_never_hold_every_api_permit()
    {
        var options = WithStore();
        options.Api.ConcurrentRequests = 1;
        Assert.Contains("Aggregator:Api:ConcurrentRequests must be 0 (half the cores) or at least 2 (was 1)", Failure(options));

        options.Api.ConcurrentRequests = 4;
        options.Api.ConcurrentRequestsPerCaller = 4;
        Assert.Contains("Aggregator:Api:ConcurrentRequestsPerCaller must be 0 (half of ConcurrentRequests) or 1–3", Failure(options));

        options.Api.ConcurrentRequestsPerCaller = 3;
        Assert.Null(Failure(options));
        Assert.Equal(2, new ApiOptions { ConcurrentRequests = 4 }.EffectiveConcurrentRequestsPerCaller);
        Assert.InRange(new ApiOptions().EffectiveConcurrentRequests, 2, int.MaxValue);
    }

    [Fact]
    public void Connection_and_shutdown_timeouts_must_be_positive_and_finite()
    {
        var options = WithStore();
        options.Api.ResponseTimeoutSeconds = 0;
        options.Api.KeepAliveTimeoutSeconds = double.NaN;
        options.Api.RequestHeadersTimeoutSeconds = -1;
        options.ShutdownTimeoutSeconds = 0;

        var failure = Failure(options);

        Assert.Contains("Aggregator:Api:ResponseTimeoutSeconds must be more than 0 and at most 86400 (was 0)", failure);
        Assert.Contains("Aggregator:Api:KeepAliveTimeoutSeconds must be more than 0", failure);
        Assert.Contains("Aggregator:Api:RequestHeadersTimeoutSeconds must be more than 0 and at most 86400 (was -1)", failure);
        Assert.Contains("Aggregator:ShutdownTimeoutSeconds must be more than 0 and at most 3600 (was 0)", failure);
    }

    [Fact]
    public void Queue_and_retained_bounds_must_hold_at_least_one_packet_and_add_up()
    {
        var options = WithStore();
        options.Broker.Queues.MaxBytesPerClient = 1000;
        options.Broker.Queues.MaxBytes = 500;
        options.Broker.Queues.TelemetryShare = 1.5;
        options.Broker.Limits.MaxRetainedMessagesPerStore = -1;

        var failure = Failure(options);

        Assert.Contains("Aggregator:Broker:Queues:MaxBytesPerClient must be at least Aggregator:Broker:Limits:MaxPacketBytes", failure);
        Assert.Contains("Aggregator:Broker:Queues:MaxBytes must be at least Aggregator:Broker:Queues:MaxBytesPerClient (1000) (was 500)", failure);
        Assert.Contains("Aggregator:Broker:Queues:TelemetryShare must be 0 (telemetry never queued) to 1 (was 1.5)", failure);
        Assert.Contains("Aggregator:Broker:Limits:MaxRetainedMessagesPerStore must be at least 0 (was -1)", failure);
    }

    [Fact]
    public void A_negative_retention_names_the_store()
    {
        var options = WithStore();
        options.Storage.StoreRawRetentionDays["pilot"] = -1;

        Assert.Contains("Aggregator:Storage:StoreRawRetentionDays:pilot must be 0 (keep forever) or more (was -1)", Failure(options));
    }

    [Fact]
    public void External_mode_needs_a_host() =>
        Assert.Contains("Aggregator:Broker:Host is required",
            Failure(new AggregatorOptions { Broker = new BrokerOptions { Mode = BrokerMode.External } }));

    [Fact]
    public void Closing_the_plain_listener_without_tls_is_refused()
    {
        var options = WithStore();
        options.Broker.PlainListener = false;

        Assert.Contains("Aggregator:Broker:PlainListener is false and Aggregator:Broker:Tls:CertificatePath is empty", Failure(options));
    }

    [Fact]
    public void A_missing_certificate_file_names_the_setting_and_the_file()
    {
        var options = WithStore();
        options.Broker.Tls.CertificatePath = "/nonexistent/cert.pem";
        options.Broker.Tls.KeyPath = "/nonexistent/key.pem";

        Assert.Contains("Aggregator:Broker:Tls:CertificatePath: certificate file /nonexistent/cert.pem does not exist", Failure(options));
    }

    [Fact]
    public void A_file_that_is_no_certificate_is_refused_with_the_reason()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("cert.pem"), "not a certificate");
        File.WriteAllText(directory.File("key.pem"), "not a key");
        var options = WithStore();
        options.Broker.Tls.CertificatePath = directory.File("cert.pem");
        options.Broker.Tls.KeyPath = directory.File("key.pem");

        Assert.Contains($"Aggregator:Broker:Tls:CertificatePath: cannot load the certificate {directory.File("cert.pem")}", Failure(options));
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused()
    {
        using var directory = new TempDirectory();
        using var certificate = SelfSignedCertificate.Create();
        var path = directory.File("public.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Cert));
        var options = WithStore();
        options.Broker.Tls.CertificatePath = path;

        Assert.Contains("Aggregator:Broker:Tls:CertificatePath: ", Failure(options));
    }

    [Fact]
    public void The_tls_port_may_not_be_the_plain_port()
    {
        var options = WithStore();
        options.Broker.Tls.CertificatePath = "/nonexistent/cert.pem";
        options.Broker.Tls.Port = options.Broker.Port;

        Assert.Contains("Aggregator:Broker:Tls:Port 1883 is also the plain listener's Aggregator:Broker:Port", Failure(options));
    }
}
