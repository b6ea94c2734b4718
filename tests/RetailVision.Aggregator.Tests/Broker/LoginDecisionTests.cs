using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class LoginDecisionTests
{
    public static TheoryData<string, MqttConnectReturnCode> Refusals => new()
    {
        { "throttled", MqttConnectReturnCode.ConnectionRefusedServerUnavailable },
        { "busy", MqttConnectReturnCode.ConnectionRefusedServerUnavailable },
        { "bad credentials", MqttConnectReturnCode.ConnectionRefusedBadUsernameOrPassword },
    };

    private static LoginDecision Decision(string name) => name switch
    {
        "throttled" => LoginDecision.Throttled(TimeSpan.FromSeconds(4)),
        "busy" => LoginDecision.Busy,
        _ => LoginDecision.BadCredentials,
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_reaches_an_mqtt_311_client_as_the_return_code_that_means_it(string refusal, MqttConnectReturnCode returnCode)
    {
        var decision = Decision(refusal);

        // The library's own translation, the one that writes the 3.1.1 CONNACK.
        Assert.Equal(returnCode, MqttConnectReasonCodeConverter.ToConnectReturnCode(decision.CodeFor(MqttProtocolVersion.V311)));
        Assert.Equal(decision.Code, decision.CodeFor(MqttProtocolVersion.V500));
    }

    [Fact]
    public void An_mqtt_5_client_is_told_its_login_rate_was_exceeded() =>
        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, LoginDecision.Throttled(TimeSpan.FromSeconds(1)).CodeFor(MqttProtocolVersion.V500));
}
