using System.CommandLine;
using Npgsql;
using RetailVision.LoadGenerator.Commands;

var root = new RootCommand("RetailVision load generator: simulated stores publishing real-trajectory events, and the aggregator's benchmarks")
{
    PublishCommand.Create(),
    BenchCommand.Create(),
    BrokerCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or InvalidOperationException or TimeoutException
                               or NpgsqlException or MQTTnet.Exceptions.MqttCommunicationException)
{
    // Bad input and unreachable services get one clear line, not a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
