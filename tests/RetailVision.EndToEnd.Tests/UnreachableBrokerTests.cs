using RetailVision.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Cli.Commands;

namespace RetailVision.EndToEnd.Tests;

public sealed class UnreachableBrokerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rv-nobroker-").FullName;

    [Fact]
    public async Task Run_says_how_many_events_are_unacknowledged_when_no_broker_answers()
    {
        var config = VideoClip.StoreConfig(_dir, VideoClip.FromVtest(_dir, 40), FreePort.Next());
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        int exit;
        try
        {
            exit = await RunCommand.RunAsync(NullLoggerFactory.Instance, config, TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(3, exit);
        Assert.Matches(@"\d+ messages still unacknowledged after 2 s \(broker 127\.0\.0\.1:\d+ unreachable\?\)", console.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
