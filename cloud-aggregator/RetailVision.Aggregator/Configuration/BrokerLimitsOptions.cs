using RetailVision.Contracts;

namespace RetailVision.Aggregator.Configuration;

/// <summary>
/// The <c>Aggregator:Broker:Limits</c> section: what one client of the embedded broker may cost. The defaults suit a
/// chain of stores on one node: a packet fits one contract payload, logins are checked one or two at a time, and a
/// client that keeps trying what it may not is slowed down and then cut off.
/// </summary>
public sealed class BrokerLimitsOptions
{
    /// <summary>Largest MQTT packet a client may send: a maximal contract payload plus its topic and properties.</summary>
    public int MaxPacketBytes { get; set; } = ContractValidator.MaxPayloadBytes + 8 * 1024;

    public int MaxTopicBytes { get; set; } = 512;

    /// <summary>Largest CONNECT a client may send: it comes before the login, and a store box's is a few hundred bytes.</summary>
    public int MaxConnectPacketBytes { get; set; } = 4 * 1024;

    /// <summary>
    /// Bytes that all connections not yet logged in may hold together; each reserves <see cref="MaxConnectPacketBytes"/>
    /// until its login is answered, and a connection that does not fit is refused before anything is read (4,096
    /// connections logging in at once by default).
    /// </summary>
    public long PreLoginBudgetBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Retained messages are kept only on status topics, and only this large.</summary>
    public int MaxRetainedBytes { get; set; } = 4 * 1024;

    /// <summary>Retained messages one store may hold (its own status and one per camera); more are routed but not retained.</summary>
    public int MaxRetainedMessagesPerStore { get; set; } = 256;

    /// <summary>Bytes (payloads and topics) of one store's retained messages; an empty retained message clears one and frees its bytes.</summary>
    public int MaxRetainedBytesPerStore { get; set; } = 256 * 1024;

    public double ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>A client that sends no byte for this long in the middle of a packet is closed.</summary>
    public double StallTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The slowest a packet may arrive once <see cref="MinPacketRateGraceSeconds"/> have passed since its first byte, as
    /// Kestrel's minimum request body rate: a client dripping a packet cannot hold its buffer for long.
    /// </summary>
    public double MinPacketBytesPerSecond { get; set; } = 1024;

    public double MinPacketRateGraceSeconds { get; set; } = 5;

    /// <summary>PBKDF2 checks run at once, off the broker's I/O path (0 = half the cores, at least one).</summary>
    public int ConcurrentLoginChecks { get; set; }

    /// <summary>
    /// Logins waiting for a check, in all. When full, a newcomer with a better claim (a box known at its address, a
    /// clean address, a source with fewer checks waiting) takes the place of the latest check of the busiest source
    /// with a worse one, which is refused as "server busy"; otherwise the newcomer is.
    /// </summary>
    public int MaxQueuedLoginChecks { get; set; } = 32;

    /// <summary>Logins of one source (an IPv4 address, an IPv6 /64) waiting or being checked at a time; more are refused at once.</summary>
    public int MaxLoginChecksPerAddress { get; set; } = 4;

    /// <summary>
    /// (store, source address) pairs that logged in, remembered so that the store's next login from there is checked
    /// before strangers' even when the credential cache has expired (0: none); the oldest is forgotten when full.
    /// </summary>
    public int RememberedLogins { get; set; } = 10_000;

    /// <summary>A verified login is remembered this long, so a reconnecting store does not pay the full hash again.</summary>
    public double CredentialCacheSeconds { get; set; } = 900;

    /// <summary>Failed logins from one address before it must wait; the wait doubles with each further failure.</summary>
    public int FailuresPerAddressBeforeBackoff { get; set; } = 10;

    /// <summary>Failed logins for one user name before it must wait (higher, so an attacker cannot lock a store out cheaply).</summary>
    public int FailuresPerUserBeforeBackoff { get; set; } = 20;

    public double MaxBackoffSeconds { get; set; } = 300;

    /// <summary>
    /// A login refused because its address or user name must wait is answered after this long (or its wait, if
    /// shorter), so a client that reconnects at once, ignoring "retry in N s", makes a try a second per connection
    /// instead of thousands (0: answer at once). Its connection holds its pre-login reservation meanwhile.
    /// </summary>
    public double ThrottledAnswerDelaySeconds { get; set; } = 1;

    /// <summary>Refused publishes and subscriptions of one client within <see cref="RefusalWindowSeconds"/> before it is disconnected.</summary>
    public int RefusalsBeforeDisconnect { get; set; } = 100;

    /// <summary>The interval of refusal log lines (one per client with a count) and of the disconnect count.</summary>
    public double RefusalWindowSeconds { get; set; } = 10;

    public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(ConnectTimeoutSeconds);

    public TimeSpan StallTimeout => TimeSpan.FromSeconds(StallTimeoutSeconds);

    public TimeSpan MinPacketRateGrace => TimeSpan.FromSeconds(MinPacketRateGraceSeconds);

    public TimeSpan CredentialCacheTime => TimeSpan.FromSeconds(CredentialCacheSeconds);

    public TimeSpan MaxBackoff => TimeSpan.FromSeconds(MaxBackoffSeconds);

    public TimeSpan ThrottledAnswerDelay => TimeSpan.FromSeconds(ThrottledAnswerDelaySeconds);

    public TimeSpan RefusalWindow => TimeSpan.FromSeconds(RefusalWindowSeconds);

    public int EffectiveConcurrentLoginChecks => ConcurrentLoginChecks > 0 ? ConcurrentLoginChecks : Math.Max(1, Environment.ProcessorCount / 2);
}
