using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MQTTnet;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Tests.Shared;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Broker;

/// <summary>The embedded broker's TLS listener, with a self-signed certificate made for each test.</summary>
public sealed class TlsListenerTests : IDisposable
{
    private const string Store = "store-a";
    private const string Password = "store-a-password";
    private readonly TempDirectory _directory = new();
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();
    private readonly int _tlsPort = FreePort.Next();

    [Fact]
    public async Task A_store_publishes_over_tls_with_pem_files_and_the_event_is_stored()
    {
        var (certificate, key) = SelfSignedCertificate.WritePem(_certificate, _directory);
        await using var aggregator = await Start($"--Aggregator:Broker:Tls:CertificatePath={certificate}", $"--Aggregator:Broker:Tls:KeyPath={key}");

        await AssertPublishesOverTls(aggregator);
    }

    [Fact]
    public async Task A_pkcs12_file_with_a_password_serves_as_well()
    {
        var pfx = SelfSignedCertificate.WritePfx(_certificate, _directory, "pfx-password");
        await using var aggregator = await Start($"--Aggregator:Broker:Tls:CertificatePath={pfx}", "--Aggregator:Broker:Tls:Password=pfx-password");

        await AssertPublishesOverTls(aggregator);
    }

    [Fact]
    public async Task A_plain_connection_to_the_tls_port_fails_and_the_plain_listener_can_be_closed()
    {
        var (certificate, key) = SelfSignedCertificate.WritePem(_certificate, _directory);
        await using var aggregator = await Start($"--Aggregator:Broker:Tls:CertificatePath={certificate}", $"--Aggregator:Broker:Tls:KeyPath={key}",
            "--Aggregator:Broker:PlainListener=false");

        using var plainToTls = new MqttClientFactory().CreateMqttClient();
        await Assert.ThrowsAnyAsync<Exception>(() => plainToTls.ConnectAsync(ClientOptions(_tlsPort, tls: false)));
        using var plain = new MqttClientFactory().CreateMqttClient();
        await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(ClientOptions(aggregator.BrokerPort, tls: false)));
        await AssertPublishesOverTls(aggregator);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_cannot_connect()
    {
        var (certificate, key) = SelfSignedCertificate.WritePem(_certificate, _directory);
        await using var aggregator = await Start($"--Aggregator:Broker:Tls:CertificatePath={certificate}", $"--Aggregator:Broker:Tls:KeyPath={key}");

        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _tlsPort).WithCredentials(Store, Password)
            .WithTlsOptions(o => o.UseTls()).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(options));
    }

    private Task<RunningAggregator> Start(params string[] tlsSettings) =>
        RunningAggregator.StartAsync([
            "--Aggregator:Broker:Stores:0:StoreId=" + Store,
            "--Aggregator:Broker:Stores:0:PasswordHash=" + StorePasswordHash.Create(Password, StorePasswordHash.MinIterations),
            $"--Aggregator:Broker:Tls:Port={_tlsPort}",
            .. tlsSettings,
        ]);

    private async Task AssertPublishesOverTls(RunningAggregator aggregator)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(ClientOptions(_tlsPort, tls: true));
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);

        var sent = Enter(Store, "cam", "shelf", 1, 0);
        Assert.True((await client.PublishAsync(sent)).IsSuccess);

        var stored = await aggregator.Http.GetFromJsonAsync<JsonElement>($"/api/stores/{Store}/events");
        Assert.Equal(sent.EventId, Assert.Single(stored.EnumerateArray().ToList()).GetProperty("eventId").GetGuid());
    }

    // The client trusts exactly this test's certificate, as an edge pinned to its aggregator's certificate would.
    private MqttClientOptions ClientOptions(int port, bool tls)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"{Store}:edge-{Guid.NewGuid():N}")
            .WithCredentials(Store, Password).WithTimeout(TimeSpan.FromSeconds(5));
        if (tls)
            builder.WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(args =>
                args.Certificate is not null && args.Certificate.GetCertHashString() == _certificate.Thumbprint));
        return builder.Build();
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _directory.Dispose();
    }
}
