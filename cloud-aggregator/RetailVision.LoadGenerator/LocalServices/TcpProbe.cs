using System.Net.Sockets;

namespace RetailVision.LoadGenerator.LocalServices;

public static class TcpProbe
{
    /// <summary>Waits until something accepts connections on the loopback port, for at most 30 s.</summary>
    public static async Task WaitForListenerAsync(int port, ChildProcess process, string what, string logPath)
    {
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"{what} exited with {process.ExitCode}; see {logPath}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{what} did not listen on {port}; see {logPath}");
    }
}
