using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The embedded broker's login: user name = StoreId, password checked against the store's PBKDF2 hash; no user name
/// means anonymous, accepted only when allowed. A refusal is a CONNACK reason code (clients do not see an exception).
/// </summary>
public sealed class ConnectionAuthenticator(IOptions<AggregatorOptions> options, BrokerStatus status, ILogger<ConnectionAuthenticator> logger)
{
    private readonly BrokerOptions _broker = options.Value.Broker;

    public Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        var (code, storeId, refusal) = Decide(args.UserName, args.Password);
        args.ReasonCode = code;
        if (code == MqttConnectReasonCode.Success)
        {
            new ClientIdentity(storeId, args.ProtocolVersion).SaveTo(args.SessionItems);
            return Task.CompletedTask;
        }
        args.ReasonString = refusal;
        status.ConnectionRefused();
        logger.LogWarning("Refused MQTT client '{ClientId}' from {Endpoint} (user '{UserName}'): {Reason}", args.ClientId, args.RemoteEndPoint, args.UserName, refusal);
        return Task.CompletedTask;
    }

    private (MqttConnectReasonCode Code, string? StoreId, string? Refusal) Decide(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName))
            return _broker.AllowAnonymous
                ? (MqttConnectReasonCode.Success, null, null)
                : (MqttConnectReasonCode.NotAuthorized, null, "anonymous clients are not allowed; log in with the store id and its password");
        var store = _broker.Stores.FirstOrDefault(s => s.StoreId == userName);
        if (store is null)
            return (MqttConnectReasonCode.BadUserNameOrPassword, null, "unknown store");
        return StorePasswordHash.Verify(password ?? "", store.PasswordHash)
            ? (MqttConnectReasonCode.Success, store.StoreId, null)
            : (MqttConnectReasonCode.BadUserNameOrPassword, null, "wrong password");
    }
}
