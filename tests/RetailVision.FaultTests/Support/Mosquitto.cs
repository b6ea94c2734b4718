using System.Diagnostics;
using System.Net.Sockets;
using RetailVision.Tests.Shared;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// Debian's mosquitto run with the product's deploy/mosquitto configuration and ACL, changed only where a test needs
/// it: a loopback port, a password file of the test's users, and files in the test's folder.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    public const string AggregatorUser = "retailvision-aggregator";
    private const string Executable = "/usr/sbin/mosquitto";
    private const string PasswordTool = "/usr/bin/mosquitto_passwd";
    private readonly ChildProcess _process;

    private Mosquitto(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static bool IsInstalled => File.Exists(Executable) && File.Exists(PasswordTool);

    /// <param name="users">User name and password of each store, and of <see cref="AggregatorUser"/>.</param>
    public static async Task<Mosquitto> StartAsync(string directory, IReadOnlyDictionary<string, string> users)
    {
        var passwordFile = Path.Combine(directory, "passwd");
        File.WriteAllText(passwordFile, "");
        foreach (var (user, password) in users) Run(PasswordTool, "-b", passwordFile, user, password);

        var port = FreePort.Next();
        var deployed = Path.Combine(TestRepository.Root, "deploy", "mosquitto");
        var config = File.ReadAllText(Path.Combine(deployed, "mosquitto.conf"))
            .Replace("listener 1883", $"listener {port} 127.0.0.1")
            .Replace("/etc/mosquitto/retailvision/passwd", passwordFile)
            .Replace("/etc/mosquitto/retailvision/acl", Path.Combine(deployed, "acl"))
            .Replace("/var/lib/mosquitto/", directory + "/");
        // As root mosquitto would switch to the user 'mosquitto', who cannot write the test's folder.
        if (Environment.UserName == "root") config += "\nuser root\n";
        var configFile = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(configFile, config);

        var process = ChildProcess.Start(Executable, ["-c", configFile], Path.Combine(directory, "mosquitto.log"));
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}; see {directory}/mosquitto.log");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new Mosquitto(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        process.Dispose();
        throw new TimeoutException($"mosquitto did not listen on {port}; see {directory}/mosquitto.log");
    }

    public void Dispose() => _process.Dispose();

    private static void Run(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{fileName} failed: {error}");
    }
}
