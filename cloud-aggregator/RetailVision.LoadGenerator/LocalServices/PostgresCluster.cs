using System.Diagnostics;
using Npgsql;

namespace RetailVision.LoadGenerator.LocalServices;

/// <summary>
/// A private PostgreSQL 15 cluster from Debian's packages, for a test class or a benchmark run: initdb into a temporary folder owned by
/// the postgres user, a server on a free loopback port, a fresh database per <see cref="CreateDatabase"/>; stopped
/// and removed on dispose. Where the binaries are missing (deploy/install-deps.sh installs them) or this process
/// cannot become postgres, <see cref="Unavailable"/> says why, and the tests skip.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _root = Path.Combine("/tmp", $"rv-pg-{Guid.NewGuid():N}"[..14]);
    private int _databases;

    public PostgresCluster()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            Unavailable = $"PostgreSQL 15 is not installed ({Bin}/initdb; deploy/install-deps.sh installs postgresql)";
            return;
        }
        if (Environment.UserName != "root" && Environment.UserName != "postgres")
        {
            Unavailable = "the tests start PostgreSQL as the postgres user, which needs root (or running as postgres)";
            return;
        }
        Port = FreePort.Next();
        Directory.CreateDirectory(Path.Combine(_root, "sock"));
        Run("chown", "-R", "postgres:postgres", _root);
        AsPostgres(Path.Combine(Bin, "initdb"), "-D", Path.Combine(_root, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        Start();
    }

    public string? Unavailable { get; }

    public int Port { get; }

    /// <summary>A new, empty database on the cluster; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"rv_test_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            command.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    /// <summary>Stops the server (fast shutdown: open connections are cut), as an outage of the database would.</summary>
    public void Stop() => AsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop");

    public void Start() => AsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-l", Path.Combine(_root, "server.log"), "-w",
        "-o", $"-p {Port} -k {Path.Combine(_root, "sock")} -c listen_addresses=127.0.0.1", "start");

    public void Dispose()
    {
        if (Unavailable is not null) return;
        NpgsqlConnection.ClearAllPools();
        Stop();
        Directory.Delete(_root, recursive: true);
    }

    private void AsPostgres(string program, params string[] arguments) =>
        Run(Environment.UserName == "postgres" ? program : "runuser", Environment.UserName == "postgres" ? arguments : ["-u", "postgres", "--", program, .. arguments]);

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
    }
}
