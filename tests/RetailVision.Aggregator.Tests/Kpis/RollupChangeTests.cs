using RetailVision.Aggregator.Kpis;
using RetailVision.Contracts;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Kpis;

public sealed class RollupChangeTests
{
    [Fact]
    public void A_visit_counts_once_in_the_hour_it_entered_whatever_order_its_events_arrive_in()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 3590);
        var exit = Exit("s1", "cam", "shelf", 1, 3590, 20) with { DwellClass = DwellClass.Browse };

        foreach (var order in new[] { new[] { enter, exit }, new[] { exit, enter }, new[] { enter, exit, enter, exit } })
        {
            var zone = Assert.Single(RollupChange.Summarise(order).Zones);
            Assert.Equal(UtcHour.Floor(T0), zone.Hour);
            Assert.Equal((1, 1, 20.0, 1), (zone.Visits, zone.CompletedVisits, zone.DwellSumSeconds, zone.Browse));
        }
    }

    [Fact]
    public void An_enter_after_the_exit_or_a_second_exit_adds_nothing()
    {
        var exit = Exit("s1", "cam", "till", 1, 0, 30) with { Served = false };

        Assert.Equal(VisitProgress.Completed, RollupChange.Of(exit, null).Visit);
        Assert.Equal(RollupChange.None, RollupChange.Of(Enter("s1", "cam", "till", 1, 0), VisitProgress.Completed));
        Assert.Equal(RollupChange.None, RollupChange.Of(exit with { EventId = Guid.NewGuid() }, VisitProgress.Completed));
        Assert.Equal(1, RollupChange.Of(exit, VisitProgress.Entered).Zone!.Abandoned);
        Assert.Equal(0, RollupChange.Of(exit, VisitProgress.Entered).Zone!.Visits);
    }

    [Fact]
    public void Crossings_count_by_direction_in_the_hour_they_happened()
    {
        var lines = RollupChange.Summarise([
            Cross("s1", "cam", "door", 1, 10, LineDirection.In), Cross("s1", "cam", "door", 2, 20, LineDirection.In),
            Cross("s1", "cam", "door", 1, 3700, LineDirection.Out),
        ]).Lines.OrderBy(l => l.Hour).ToList();

        Assert.Equal([(2L, 0L), (0L, 1L)], lines.Select(l => (l.In, l.Out)));
        Assert.Equal(T0.AddHours(1), lines[1].Hour);
    }

    [Fact]
    public void The_same_entry_written_with_another_offset_is_the_same_visit()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var exit = Exit("s1", "cam", "shelf", 1, 0, 5);
        var shifted = exit with { EnteredAt = exit.EnteredAt.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(RollupChange.VisitKey(enter), RollupChange.VisitKey(shifted));
    }
}
