using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace RetailVision.Aggregator.Broker;

/// <summary>The answer to one login: the CONNACK reason code and, on refusal, the reason string the client is sent.</summary>
public sealed record LoginDecision(MqttConnectReasonCode Code, string? Reason)
{
    public static LoginDecision Accepted { get; } = new(MqttConnectReasonCode.Success, null);

    /// <summary>Unknown user or wrong password: one answer for both, so user names cannot be probed.</summary>
    public static LoginDecision BadCredentials { get; } = new(MqttConnectReasonCode.BadUserNameOrPassword, "bad user name or password");

    public static LoginDecision Busy { get; } = new(MqttConnectReasonCode.ServerBusy, "the broker is checking too many logins; retry in a few seconds");

    public static LoginDecision Throttled(TimeSpan wait) =>
        new(MqttConnectReasonCode.ConnectionRateExceeded, $"too many failed or concurrent logins; retry in {Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} s")
        {
            RetryAfter = wait,
        };

    /// <summary>How long the client must wait before its next login is even checked; zero when nothing says so.</summary>
    public TimeSpan RetryAfter { get; init; }

    public bool IsAccepted => Code == MqttConnectReasonCode.Success;

    /// <summary>
    /// The reason code to answer a client of <paramref name="protocol"/> with. MQTT 3.1.1's CONNACK has only six return
    /// codes, and MQTTnet turns a reason code it cannot translate into 1, "unacceptable protocol version", which tells
    /// a client to give up on the broker; a login refused for its rate is "server unavailable" (3) there, a retry later.
    /// </summary>
    public MqttConnectReasonCode CodeFor(MqttProtocolVersion protocol) =>
        protocol != MqttProtocolVersion.V500 && Code is MqttConnectReasonCode.ConnectionRateExceeded or MqttConnectReasonCode.QuotaExceeded
            ? MqttConnectReasonCode.ServerUnavailable
            : Code;
}
