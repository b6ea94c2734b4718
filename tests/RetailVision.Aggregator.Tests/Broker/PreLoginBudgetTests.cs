using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class PreLoginBudgetTests
{
    [Fact]
    public void Connections_are_admitted_while_their_reservations_fit_and_again_once_released()
    {
        var budget = new PreLoginBudget(totalBytes: 10_000);
        Assert.True(budget.TryReserve(4_000));
        Assert.True(budget.TryReserve(4_000));
        Assert.False(budget.TryReserve(4_000));
        Assert.Equal(8_000, budget.ReservedBytes);
        budget.Release(4_000);
        Assert.True(budget.TryReserve(4_000));
    }

    [Fact]
    public void Concurrent_reservations_never_overshoot_the_budget()
    {
        var budget = new PreLoginBudget(totalBytes: 100 * 4096);
        var admitted = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (budget.TryReserve(4096)) Interlocked.Increment(ref admitted);
        });
        Assert.Equal(100, admitted);
        Assert.Equal(100 * 4096, budget.ReservedBytes);
    }
}
