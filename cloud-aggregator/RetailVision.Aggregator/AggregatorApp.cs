using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Api;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Ingest;
using RetailVision.Aggregator.Runtime;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.LiteDb;
using RetailVision.Aggregator.Storage.Postgres;
using Npgsql;
using RetailVision.Contracts;

namespace RetailVision.Aggregator;

/// <summary>
/// Composes the aggregator: options, the storage (LiteDB), the ingest pipeline and writer, the embedded broker or the external
/// subscriber, the HTTP API and the dashboard. The caller starts the returned application.
/// </summary>
public static class AggregatorApp
{
    /// <summary>
    /// Builds the application from <paramref name="args"/> (ASP.NET Core command-line configuration, e.g.
    /// <c>--Aggregator:DatabasePath=…</c>, <c>--urls=…</c>) on top of appsettings.json; <c>--config FILE</c> adds a JSON
    /// file that the command line still overrides.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (builder.Configuration["config"] is { Length: > 0 } configFile)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
            builder.Configuration.AddCommandLine(args);
        }

        var services = builder.Services;
        services.AddOptions<AggregatorOptions>()
            .Bind(builder.Configuration.GetSection(AggregatorOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AggregatorOptions>, AggregatorOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<MemoryReclaimer>();
        AddStorage(services, builder.Configuration);
        services.AddSingleton<IngestCounters>();
        services.AddSingleton<IngestWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<BrokerStatus>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
            return new TopicAccessPolicy(options.TopicPrefix, options.Broker.AllowAnonymous);
        });
        services.AddSingleton(sp => new ClientIdPolicy(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.Broker.Stores.Select(s => s.StoreId)));
        HttpListeners.Configure(builder);
        HttpConnectionLimits.Configure(builder);
        // The host's own default (30 s) is longer than a container runtime waits before it kills the process.
        services.AddOptions<HostOptions>()
            .Configure<IOptions<AggregatorOptions>>((host, options) => host.ShutdownTimeout = options.Value.ShutdownTimeout);
        // The mode is read here, before the options are validated, to decide what to host; an invalid value falls to
        // the default and the validator stops the start-up naming it.
        if (Enum.TryParse<BrokerMode>(builder.Configuration[$"{AggregatorOptions.SectionName}:Broker:Mode"], true, out var mode) && mode == BrokerMode.External)
            services.AddHostedService<ExternalBrokerSubscriber>();
        else
            builder.AddEmbeddedBroker();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<BrokerHealthCheck>("broker");
        services.AddProblemDetails();
        services.AddSingleton<ApiTokenTable>();
        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ApiPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, StoreScopeHandler>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<AggregatorOptions>>((limiter, options) => ApiRateLimiting.Configure(limiter, options.Value.Api));
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new SnakeCaseEnumConverter<DecisionPointKind>());
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var dashboard = new EmbeddedFileProvider(typeof(AggregatorApp).Assembly, "RetailVision.Aggregator.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = dashboard });
        app.UseRouting();
        // Authenticated before the limiter, so each token has its own bucket; limited before authorisation, so
        // anonymous floods are bounded per address too.
        app.UseAuthentication();
        app.UseRateLimiter();
        // After the limiter: the deadline bounds how long an admitted request holds its permit, not its wait in the queue.
        app.UseResponseDeadline();
        app.UseAuthorization();
        app.MapAggregatorApi();
        return app;
    }

    /// <summary>
    /// The backend behind every storage port: the LiteDB file, or PostgreSQL with its schema kept current by a hosted
    /// service. Opened on first use, so a bad setting is reported first.
    /// </summary>
    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        // Read before validation to decide what to register; an invalid value falls to LiteDB and the validator names it.
        if (Enum.TryParse<StorageBackend>(configuration[$"{AggregatorOptions.SectionName}:Storage:Backend"], true, out var backend) && backend == StorageBackend.Postgres)
        {
            services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.Storage.ConnectionString!));
            services.AddSingleton(sp => new PostgresStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.Ingest.MaxDeadLetters));
            services.AddSingleton<IAggregatorStorage>(sp => sp.GetRequiredService<PostgresStore>());
            services.AddSingleton(new StorageReadiness());
            services.AddHostedService<PostgresSchemaService>();
        }
        else
        {
            services.AddSingleton<IAggregatorStorage>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
                return LiteDbStore.Open(options.DatabasePath, options.Ingest.MaxDeadLetters);
            });
            services.AddSingleton(StorageReadiness.AlreadyReady());
        }
        services.AddSingleton<IIngestStore>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IEventReader>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IHeatmapReader>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<ICatalogReader>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IRollupReader>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddSingleton<IRawRetention>(sp => sp.GetRequiredService<IAggregatorStorage>());
        services.AddHostedService<RawRetentionService>();
    }
}
