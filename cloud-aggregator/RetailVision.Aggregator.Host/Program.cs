using Microsoft.Extensions.Options;
using RetailVision.Aggregator;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Storage;

if (args is [HashPasswordCommand.Name, ..])
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error);
if (args is [CreateTokenCommand.Name, .. var tokenArgs])
    return CreateTokenCommand.Run(tokenArgs, Console.Out, Console.Error);

try
{
    await using var app = AggregatorApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or DatabaseInUseException or InvalidSettingException)
{
    // A configuration mistake or a second instance: one line saying which setting, not a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
