using System.CommandLine;
using RetailVision.LoadGenerator.LocalServices;

namespace RetailVision.LoadGenerator.Commands;

/// <summary><c>broker</c>: MQTTnet's broker alone on a loopback port, the embedded mode's limit in <c>bench ingest</c>.</summary>
public static class BrokerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on", Required = true };
        var command = new Command("broker", "Run MQTTnet's broker with nothing added (no logins, no storing) until stopped") { port };
        command.SetAction((parse, cancellationToken) => BareBroker.ServeAsync(parse.GetValue(port), cancellationToken));
        return command;
    }
}
