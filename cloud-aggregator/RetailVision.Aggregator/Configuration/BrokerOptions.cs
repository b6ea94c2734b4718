namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Broker</c> section: the embedded broker's listener and clients, or the external broker to subscribe to.</summary>
public sealed class BrokerOptions
{
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>External mode: the broker's host name.</summary>
    public string? Host { get; set; }

    /// <summary>Embedded mode: the address the listeners bind (all interfaces by default: the stores connect from elsewhere).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Embedded mode: the port of the plain (unencrypted) listener. External mode: the broker's port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Embedded mode: false closes the plain listener, so stores can connect only over <see cref="Tls"/>.</summary>
    public bool PlainListener { get; set; } = true;

    /// <summary>Embedded mode: the TLS listener, on when a certificate is named.</summary>
    public TlsListenerOptions Tls { get; set; } = new();

    /// <summary>External mode: credentials and client id of the aggregator's own session.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string ClientId { get; set; } = "retailvision-aggregator";

    /// <summary>
    /// External mode: share the stores' topics with the other aggregators of this group through MQTT 5 shared
    /// subscriptions (<c>$share/{group}/…</c>), each message going to one of them. Each aggregator keeps its own
    /// <see cref="ClientId"/> and persistent session: a broker holds a stopped member's share for its session.
    /// </summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>Embedded mode: accept clients without credentials (local demo only).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Embedded mode: the stores allowed to connect; each logs in with its StoreId as user name.</summary>
    public List<StoreCredentialOptions> Stores { get; set; } = [];

    /// <summary>
    /// Embedded mode: messages queued for one subscriber (offline or reading slowly); past it new messages for that
    /// subscriber are dropped and counted. <see cref="Queues"/> bounds the same queues in bytes.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <summary>Embedded mode: the byte bounds of the subscribers' queues.</summary>
    public BrokerQueueOptions Queues { get; set; } = new();

    /// <summary>Embedded mode: what one client may cost (packet size, timeouts, logins, refusals).</summary>
    public BrokerLimitsOptions Limits { get; set; } = new();
}
