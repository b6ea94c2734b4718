using System.Diagnostics;

namespace RetailVision.LoadGenerator.LocalServices;

/// <summary>
/// Debian's mosquitto run with the product's deploy/mosquitto configuration and ACL, changed only where a local run
/// needs it (the fault tests, the ingest benchmark): a loopback port, a password file of its users, and files in its folder.
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

    /// <param name="directory">Where its configuration, password file, persistence and log go.</param>
    /// <param name="users">User name and password of each store, and of <see cref="AggregatorUser"/>.</param>
    public static async Task<Mosquitto> StartAsync(string directory, IReadOnlyDictionary<string, string> users)
    {
        var deployed = RepositoryLayout.DeployedMosquitto;
        var passwordFile = Path.Combine(directory, "passwd");
        File.WriteAllText(passwordFile, "");
        foreach (var (user, password) in users) Run(PasswordTool, "-b", passwordFile, user, password);

        var port = FreePort.Next();
        var config = File.ReadAllText(Path.Combine(deployed, "mosquitto.conf"))
            .Replace("listener 1883", $"listener {port} 127.0.0.1")
            .Replace("/etc/mosquitto/retailvision/passwd", passwordFile)
            .Replace("/etc/mosquitto/retailvision/acl", Path.Combine(deployed, "acl"))
            .Replace("/var/lib/mosquitto/", directory + "/");
        // As root mosquitto would switch to the user 'mosquitto', who cannot write the test's folder.
        if (Environment.UserName == "root") config += "\nuser root\n";
        var configFile = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(configFile, config);

        var log = Path.Combine(directory, "mosquitto.log");
        var process = ChildProcess.Start(Executable, ["-c", configFile], log);
        try
        {
            await TcpProbe.WaitForListenerAsync(port, process, "mosquitto", log);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new Mosquitto(process, port);
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
