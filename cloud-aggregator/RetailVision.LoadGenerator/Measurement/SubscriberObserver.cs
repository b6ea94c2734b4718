using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetailVision.Contracts;
using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>
/// The broker alone, as the limit the aggregator is measured against: a QoS 1 subscriber to every store's events that
/// stores nothing. "Stored" is the moment it receives a message; each receipt is counted, for the duplicates.
/// </summary>
public sealed class SubscriberObserver : IStorageObserver, IStoredAudit
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<Guid, int> _receipts = new();
    private readonly string _host;
    private readonly int _port;
    private readonly string? _username;
    private readonly string? _password;
    private readonly string _topicPrefix;
    private PublishLedger? _ledger;

    public SubscriberObserver(string host, int port, string? username, string? password, string topicPrefix)
    {
        (_host, _port, _username, _password, _topicPrefix) = (host, port, username, password, topicPrefix);
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var at = Stopwatch.GetTimestamp();
            if (EventIdOf(args.ApplicationMessage.Payload) is { } id)
            {
                _receipts.AddOrUpdate(id, 1, (_, n) => n + 1);
                _ledger?.MarkStored(id, at);
            }
            return Task.CompletedTask;
        };
    }

    public string Meaning => "receipt by a QoS 1 subscriber that stores nothing";

    public async Task StartAsync(PublishLedger ledger, CancellationToken cancellationToken)
    {
        _ledger = ledger;
        var options = new MqttClientOptionsBuilder().WithTcpServer(_host, _port).WithClientId($"loadgen-subscriber-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(true).WithTimeout(TimeSpan.FromSeconds(30));
        if (_username is not null) options = options.WithCredentials(_username, _password);
        var connected = await _client.ConnectAsync(options.Build(), cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"the broker at {_host}:{_port} refused the subscriber: {connected.ResultCode}");
        var subscribed = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(MqttTopics.AllStores(_topicPrefix, MqttTopics.EventsLeaf), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        if (subscribed.Items.Any(i => (int)i.ResultCode > 2))
            throw new InvalidOperationException($"the broker at {_host}:{_port} refused the subscription: {subscribed.Items.First().ResultCode}");
    }

    public Task SettleAsync(PublishLedger ledger, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, int>>(new Dictionary<Guid, int>(_receipts));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }

    private static Guid? EventIdOf(System.Buffers.ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("eventId") && reader.Read() && reader.TryGetGuid(out var id))
                return id;
        return null;
    }
}
