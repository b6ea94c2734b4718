using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The embedded broker's login: user name = StoreId, password checked by the <see cref="CredentialVerifier"/>, and the
/// client id bound to the store by the <see cref="ClientIdPolicy"/>; no user name means anonymous, accepted only when
/// allowed. A refusal is a CONNACK reason code with a reason string (MQTT 5); refusals are logged rate-limited. A
/// client told to wait hears so only after a moment (<see cref="BrokerLimitsOptions.ThrottledAnswerDelaySeconds"/>): one
/// that reconnects at once, whatever it is told, then makes a guess a second per connection rather than thousands.
/// </summary>
public sealed class ConnectionAuthenticator(
    IOptions<AggregatorOptions> options,
    CredentialVerifier verifier,
    ClientIdPolicy clientIds,
    ClientProtocols protocols,
    BrokerStatus status,
    RefusalLog refusals)
{
    private readonly BrokerOptions _broker = options.Value.Broker;
    private readonly TimeSpan _throttledAnswerDelay = options.Value.Broker.Limits.ThrottledAnswerDelay;

    public async Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        var decision = await DecideAsync(args);
        args.ReasonCode = decision.CodeFor(args.ProtocolVersion);
        if (decision.IsAccepted)
        {
            protocols.Accepted(string.IsNullOrEmpty(args.ClientId) ? args.AssignedClientIdentifier : args.ClientId, args.ProtocolVersion);
            return;
        }
        args.ReasonString = decision.Reason;
        status.ConnectionRefused();
        refusals.Connection(RefusalLog.AddressOf(args.RemoteEndPoint), args.UserName, decision.Reason!);
        var hold = decision.RetryAfter < _throttledAnswerDelay ? decision.RetryAfter : _throttledAnswerDelay;
        if (hold > TimeSpan.Zero)
            await Task.Delay(hold, args.CancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<LoginDecision> DecideAsync(ValidatingConnectionEventArgs args)
    {
        string? storeId = null;
        if (string.IsNullOrEmpty(args.UserName))
        {
            if (!_broker.AllowAnonymous)
                return new(MqttConnectReasonCode.NotAuthorized, "anonymous clients are not allowed; log in with the store id and its password");
        }
        else
        {
            var login = await verifier.VerifyAsync(args.UserName, args.Password ?? "", RefusalLog.AddressOf(args.RemoteEndPoint));
            if (!login.IsAccepted) return login;
            storeId = args.UserName;
        }
        if (string.IsNullOrEmpty(args.ClientId) && storeId is not null)
        {
            // MQTT 5 lets the server name a client that sent no id: give it one in its store's namespace.
            args.AssignedClientIdentifier = MqttClientIds.Edge(storeId, Guid.NewGuid().ToString("N"));
            return LoginDecision.Accepted;
        }
        return clientIds.Refusal(storeId, args.ClientId ?? "") is { } refusal
            ? new(MqttConnectReasonCode.ClientIdentifierNotValid, refusal)
            : LoginDecision.Accepted;
    }
}
