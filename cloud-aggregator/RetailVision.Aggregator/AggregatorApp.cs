using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Api;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Ingest;
using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator;

/// <summary>
/// Composes the aggregator: options, the LiteDB repository, the ingest pipeline, the embedded broker or the external
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
        services.AddSingleton(sp => AggregatorRepository.Open(sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.DatabasePath));
        services.AddSingleton<IngestCounters>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<BrokerStatus>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
            return new TopicAccessPolicy(options.TopicPrefix, options.Broker.AllowAnonymous);
        });
        services.AddSingleton<ConnectionAuthenticator>();
        services.AddSingleton<PublishInterceptor>();
        services.AddSingleton<SubscriptionInterceptor>();
        services.AddSingleton<EmbeddedBrokerService>();
        services.AddSingleton<ExternalBrokerSubscriber>();
        // Resolved after the options were validated at start, so the mode is known and valid here. (AddHostedService
        // refuses a factory typed as IHostedService, hence the plain registration.)
        services.AddSingleton<IHostedService>(sp =>
            sp.GetRequiredService<IOptions<AggregatorOptions>>().Value.Broker.Mode == BrokerMode.Embedded
                ? sp.GetRequiredService<EmbeddedBrokerService>()
                : sp.GetRequiredService<ExternalBrokerSubscriber>());

        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<BrokerHealthCheck>("broker");
        services.AddProblemDetails();
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
        app.MapAggregatorApi();
        return app;
    }
}
