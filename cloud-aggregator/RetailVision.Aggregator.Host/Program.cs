using Microsoft.Extensions.Options;
using RetailVision.Aggregator;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;

try
{
    return await AggregatorCommandLine.Create(Console.In, RunServerAsync).Parse(args)
        .InvokeAsync(AggregatorCommandLine.Invocation(Console.Out, Console.Error));
}
catch (Exception ex) when (ex is OptionsValidationException or DatabaseInUseException or InvalidSettingException)
{
    // A configuration mistake or a second instance: one line saying which setting, not a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static async Task<int> RunServerAsync(string[] configuration)
{
    await using var app = AggregatorApp.Build(configuration);
    await app.RunAsync();
    return 0;
}
