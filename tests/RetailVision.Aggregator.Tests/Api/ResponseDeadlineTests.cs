using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RetailVision.Aggregator.Api;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Tests.Api;

/// <summary>A request still running at its deadline has its connection aborted; one that finished in time is left alone.</summary>
public sealed class ResponseDeadlineTests
{
    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }

    private static (RequestDelegate Pipeline, HttpContext Context, RecordingLifetime Lifetime) Build(FakeTimeProvider time, RequestDelegate handler)
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(Options.Create(new AggregatorOptions { Api = new ApiOptions { ResponseTimeoutSeconds = 30 } }))
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseResponseDeadline();
        app.Run(handler);
        var lifetime = new RecordingLifetime();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        return (app.Build(), context, lifetime);
    }

    [Fact]
    public async Task A_request_still_writing_at_its_deadline_is_aborted()
    {
        var time = new FakeTimeProvider();
        var writing = new TaskCompletionSource();
        var (pipeline, context, lifetime) = Build(time, _ => writing.Task);

        var request = pipeline(context);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(lifetime.Aborted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(lifetime.Aborted);
        writing.SetResult();
        await request;
    }

    [Fact]
    public async Task A_request_answered_in_time_is_not_aborted_later()
    {
        var time = new FakeTimeProvider();
        var (pipeline, context, lifetime) = Build(time, _ => Task.CompletedTask);

        await pipeline(context);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(lifetime.Aborted);
    }
}
