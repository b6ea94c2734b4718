using System.Net;
using MQTTnet.Server;

namespace RetailVision.LoadGenerator.LocalServices;

/// <summary>
/// MQTTnet's broker with nothing added, no logins, no storing, no interception: the limit the embedded aggregator's
/// broker is measured against. <see cref="ServeAsync"/> runs it in this process (the <c>broker</c> command);
/// the benchmark starts that command as a process of its own, as the aggregator is.
/// </summary>
public static class BareBroker
{
    // As many as the aggregator's embedded broker queues for a subscriber, so that neither drops what it acknowledged.
    private const int MaxPendingMessagesPerClient = 100_000;

    public static async Task ServeAsync(int port, CancellationToken cancellationToken)
    {
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port).WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient).Build();
        using var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        Console.WriteLine($"bare MQTTnet broker on 127.0.0.1:{port}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
        await server.StopAsync();
    }

    /// <summary>This program's <c>broker</c> command as a child process, listening once this returns.</summary>
    public static async Task<ChildProcess> StartAsync(string directory, int port)
    {
        var process = ChildProcess.Start("dotnet", [typeof(BareBroker).Assembly.Location, "broker", "--port", port.ToString()], Path.Combine(directory, "bare-broker.log"));
        await TcpProbe.WaitForListenerAsync(port, process, "the bare broker", Path.Combine(directory, "bare-broker.log"));
        return process;
    }
}
