using RetailVision.Aggregator.Kpis;
using RetailVision.Contracts;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Kpis;

/// <summary>Medians come from the dwell histogram: the middle of a 0.5 s bin, so whole-second dwells read 0.25 s higher.</summary>
public sealed class ZoneKpiCalculatorTests
{
    // Zone "shelf": track 1 enters at 0 s and stays 10 s; track 2 enters at 5 s and stays 30 s; track 3 enters at 20 s
    // and has not left. Zone "door": track 4's exit (entered 40 s, 4 s) arrived without its enter. Track 1's exit was
    // delivered twice (a redelivery with a new event id would be a bug on the edge, but must still count once).
    private static readonly DecisionPointEvent Track1Exit = Exit("s1", "cam", "shelf", 1, 0, 10);

    private static readonly DecisionPointEvent[] Events =
    [
        Enter("s1", "cam", "shelf", 1, 0),
        Track1Exit,
        Track1Exit with { EventId = Guid.NewGuid() },
        Enter("s1", "cam", "shelf", 2, 5),
        Exit("s1", "cam", "shelf", 2, 5, 30),
        Enter("s1", "cam", "shelf", 3, 20),
        Exit("s1", "cam", "door", 4, 40, 4),
        Enter("other-store", "cam", "shelf", 9, 1),
        Exit("other-store", "cam", "shelf", 9, 1, 100),
    ];

    [Fact]
    public void Counts_each_visit_once_and_takes_dwell_from_completed_visits()
    {
        var kpis = ZoneKpiCalculator.Calculate("s1", Events, TimeRange.All);

        Assert.Equal(
            [
                new ZoneKpi("cam", "door", 1, 1, 4, 4.25),
                new ZoneKpi("cam", "shelf", 3, 2, 20, 20.25),
            ],
            kpis.Zones);
        Assert.Equal(4, kpis.Totals.Visits);
        Assert.Equal(3, kpis.Totals.CompletedVisits);
        Assert.Equal(44.0 / 3, kpis.Totals.MeanDwellSeconds!.Value, 12);
        Assert.Equal(10.25, kpis.Totals.MedianDwellSeconds);
        Assert.Null(kpis.From);
        Assert.Null(kpis.To);
    }

    [Fact]
    public void A_visit_belongs_to_the_range_its_entry_falls_in()
    {
        var range = new TimeRange(T0.AddSeconds(5), T0.AddSeconds(40));

        var kpis = ZoneKpiCalculator.Calculate("s1", Events, range);

        // Track 1 entered before the range and track 4 at its (exclusive) end; track 2 entered exactly at its start.
        Assert.Equal([new ZoneKpi("cam", "shelf", 2, 1, 30, 30.25)], kpis.Zones);
        Assert.Equal(new KpiTotals(2, 1, 30, 30.25), kpis.Totals);
        Assert.Equal(range.From, kpis.From);
        Assert.Equal(range.To, kpis.To);
    }

    [Fact]
    public void Zones_without_completed_visits_have_no_dwell()
    {
        var kpis = ZoneKpiCalculator.Calculate("s1", [Enter("s1", "cam", "queue", 1, 0), Enter("s1", "cam", "queue", 2, 1)], TimeRange.All);

        Assert.Equal([new ZoneKpi("cam", "queue", 2, 0, null, null)], kpis.Zones);
        Assert.Equal(new KpiTotals(2, 0, null, null), kpis.Totals);
    }

    [Fact]
    public void The_same_entry_written_with_another_utc_offset_is_the_same_visit()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var exit = Exit("s1", "cam", "shelf", 1, 0, 6);
        var offset = TimeSpan.FromHours(2);
        var exitInLocalTime = exit with
        {
            EnteredAt = exit.EnteredAt.ToOffset(offset),
            ExitedAt = exit.ExitedAt!.Value.ToOffset(offset),
            Timestamp = exit.Timestamp.ToOffset(offset),
        };

        var kpis = ZoneKpiCalculator.Calculate("s1", [enter, exitInLocalTime], TimeRange.All);

        Assert.Equal([new ZoneKpi("cam", "shelf", 1, 1, 6, 6.25)], kpis.Zones);
    }

    [Fact]
    public void Zones_of_different_cameras_are_kept_apart_and_ordered()
    {
        var kpis = ZoneKpiCalculator.Calculate("s1",
            [Exit("s1", "cam-b", "entrance", 1, 0, 2), Exit("s1", "cam-a", "entrance", 1, 0, 8)], TimeRange.All);

        Assert.Equal(
            [new ZoneKpi("cam-a", "entrance", 1, 1, 8, 8.25), new ZoneKpi("cam-b", "entrance", 1, 1, 2, 2.25)],
            kpis.Zones);
        Assert.Equal(new KpiTotals(2, 2, 5, 5.25), kpis.Totals);
    }

    [Fact]
    public void Counts_dwell_classes_and_queue_outcomes_of_completed_visits()
    {
        var kpis = ZoneKpiCalculator.Calculate("s1",
            [
                Exit("s1", "cam", "shelf", 1, 0, 1) with { DwellClass = DwellClass.PassBy },
                Exit("s1", "cam", "shelf", 2, 0, 4) with { DwellClass = DwellClass.Browse },
                Exit("s1", "cam", "shelf", 3, 0, 9) with { DwellClass = DwellClass.Engaged },
                Exit("s1", "cam", "shelf", 4, 0, 12) with { DwellClass = DwellClass.Engaged },
                Exit("s1", "cam", "till", 5, 0, 30) with { Served = true },
                Exit("s1", "cam", "till", 6, 0, 50) with { Served = false },
                Enter("s1", "cam", "till", 7, 1),
            ], TimeRange.All);

        Assert.Equal(
            [
                new ZoneKpi("cam", "shelf", 4, 4, 6.5, 6.75) { PassBy = 1, Browse = 1, Engaged = 2 },
                new ZoneKpi("cam", "till", 3, 2, 40, 40.25) { Served = 1, Abandoned = 1 },
            ],
            kpis.Zones);
    }

    [Fact]
    public void Counts_line_crossings_by_direction_in_range_and_keeps_them_out_of_visits()
    {
        var kpis = ZoneKpiCalculator.Calculate("s1",
            [
                Cross("s1", "door-cam", "door", 1, 10, LineDirection.In),
                Cross("s1", "door-cam", "door", 2, 20, LineDirection.In),
                Cross("s1", "door-cam", "door", 1, 30, LineDirection.Out),
                Cross("s1", "door-cam", "door", 3, 99, LineDirection.In),
                Cross("other", "door-cam", "door", 9, 10, LineDirection.In),
            ], new TimeRange(T0, T0.AddSeconds(60)));

        Assert.Equal([new LineKpi("door-cam", "door", 2, 1)], kpis.Lines);
        Assert.Empty(kpis.Zones);
        Assert.Equal(0, kpis.Totals.Visits);
    }
}
