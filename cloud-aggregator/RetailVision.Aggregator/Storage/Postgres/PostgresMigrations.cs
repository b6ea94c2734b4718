using Npgsql;

namespace RetailVision.Aggregator.Storage.Postgres;

/// <summary>
/// The schema as numbered SQL files embedded in the assembly (<c>Migrations/0001_initial.sql</c>, …), applied in order
/// at start-up. Each runs in its own transaction together with its row in <c>schema_migrations</c>, under an advisory
/// lock so that aggregators starting together apply it once: a migration that fails leaves the schema as it was.
/// </summary>
public static class PostgresMigrations
{
    private const long LockKey = 0x5256_4D49_4752; // "RVMIGR"
    private const string ResourcePrefix = "RetailVision.Aggregator.Storage.Postgres.Migrations.";

    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Load();

    /// <summary>Applies what the database lacks; returns the versions applied now.</summary>
    public static Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ApplyAsync(dataSource, All, cancellationToken);

    public static async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, IEnumerable<(int Version, string Name, string Sql)> migrations,
        CancellationToken cancellationToken)
    {
        var applied = new List<int>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        foreach (var (version, name, sql) in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE version = @v", connection, transaction))
            {
                check.Parameters.AddWithValue("v", version);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }
            }
            try
            {
                await Execute(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", connection, transaction);
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                applied.Add(version);
            }
            catch (PostgresException ex)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                throw new InvalidOperationException($"schema migration {name} failed and was rolled back, the schema is as it was: {ex.MessageText}", ex);
            }
        }
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[ResourcePrefix.Length..];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }
}
