using System.CommandLine;
using Npgsql;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.LoadGenerator.Load;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Commands;

/// <summary>
/// <c>publish</c>: S stores × C cameras publishing real-trajectory events to a running broker, with the report. Stored
/// means the PUBACK (exact for the aggregator's embedded broker), or with <c>--postgres</c> the row in the database,
/// which it then also checks for lost and duplicate events.
/// </summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var load = new LoadOptions();
        var host = new Option<string>("--host") { Description = "The broker's host", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The broker's port", DefaultValueFactory = _ => 1883 };
        var rate = new Option<double>("--rate") { Description = "Events per second in all; 0: as fast as the windows allow", DefaultValueFactory = _ => 2000 };
        var password = new Option<string>("--password") { Description = "The password every simulated store logs in with", Required = true };
        var postgres = new Option<string>("--postgres") { Description = "Connection string of the aggregators' PostgreSQL: stored = the row there, then lost and duplicates are counted" };
        var command = new Command("publish", "Publish real-trajectory events from simulated stores to a broker and report acknowledged/s, stored/s, latency, lost and duplicates")
        {
            host, port, rate, password, postgres,
        };
        foreach (var option in load.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var plan = load.Plan(parse, parse.GetValue(rate), parse.GetValue(password)!);
            var warmUp = load.WarmUpOf(parse);
            var scenes = SceneLibrary.Load(load.EvalRoot(parse));
            var connection = parse.GetValue(postgres);
            await using var database = connection is null ? null : NpgsqlDataSource.Create(connection);
            await using IStorageObserver observer = database is null ? new AcknowledgementObserver() : new PostgresObserver(database);
            var run = new LoadRun(plan, scenes, observer, TimeSpan.FromSeconds(120));
            await run.RunAsync(parse.GetValue(host)!, parse.GetValue(port), Environment.TickCount, cancellationToken);
            var audit = database is null ? null : await new EventReaderAudit(new PostgresStore(database, 1)).CountAsync(plan.StoreIds, cancellationToken);
            Console.WriteLine(LoadReport.From("publish", observer.Meaning, run.Ledger, run.Publishing, warmUp, audit, run.PublishFailures));
            return 0;
        });
        return command;
    }
}
