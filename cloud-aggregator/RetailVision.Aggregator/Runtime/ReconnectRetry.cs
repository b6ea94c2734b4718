using Polly;
using Polly.Retry;

namespace RetailVision.Aggregator.Runtime;

/// <summary>
/// The retry the aggregator uses for a dependency it cannot work without (the external broker, PostgreSQL at start-up):
/// forever, 1 s doubling to 30 s, without jitter, so a dependency that is down costs little and one that is back is
/// found soon. Every call of the pipeline starts again from 1 s.
/// </summary>
public static class ReconnectRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries the failures <paramref name="handles"/> accepts, calling <paramref name="onRetry"/> with each one and the
    /// delay before the next attempt; anything else, and stopping, ends the call with that exception.
    /// </summary>
    public static ResiliencePipeline Create(Func<Exception, bool> handles, Action<Exception, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                // A failure caused by stopping is not retried; any other one, timeouts included, is offered to handles.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested) && handles(ex)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
