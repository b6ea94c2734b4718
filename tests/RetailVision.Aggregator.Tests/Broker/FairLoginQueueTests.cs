using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class FairLoginQueueTests
{
    private sealed record Check(string Name);

    private static List<string> Drain(FairLoginQueue<Check> queue, string firstSource)
    {
        var order = new List<string>();
        var source = firstSource;
        while (queue.Finish(source) is { } next)
        {
            order.Add(next.Name);
            source = next.Name.Split('#')[0];
        }
        return order;
    }

    private static LoginAdmission<Check> Admit(FairLoginQueue<Check> queue, string source, int number, LoginLane lane = LoginLane.Suspect) =>
        queue.Admit(new Check($"{source}#{number}"), source, lane);

    [Fact]
    public void Free_slots_run_at_once_and_the_rest_wait_for_a_finish()
    {
        var queue = new FairLoginQueue<Check>(slots: 2, maxWaiting: 10, maxPerSource: 10);

        Assert.Equal(LoginAdmissionOutcome.Run, Admit(queue, "a", 1).Outcome);
        Assert.Equal(LoginAdmissionOutcome.Run, Admit(queue, "b", 1).Outcome);
        Assert.Equal(LoginAdmissionOutcome.Wait, Admit(queue, "c", 1).Outcome);
        Assert.Equal((2, 1), (queue.Running, queue.Waiting));

        Assert.Equal("c#1", queue.Finish("a")?.Name);
        Assert.Null(queue.Finish("b"));
        Assert.Null(queue.Finish("c"));
        Assert.Equal((0, 0), (queue.Running, queue.Waiting));
    }

    [Fact]
    public void Known_boxes_go_before_clean_addresses_and_those_before_suspect_ones_whatever_came_first()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 10, maxPerSource: 10);
        Admit(queue, "running", 1);
        Admit(queue, "attacker", 1, LoginLane.Suspect);
        Admit(queue, "fresh", 1, LoginLane.Clean);
        Admit(queue, "box", 1, LoginLane.Known);

        Assert.Equal(["box#1", "fresh#1", "attacker#1"], Drain(queue, "running"));
    }

    [Fact]
    public void Sources_take_turns_within_a_lane_however_many_checks_each_has_waiting()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 10, maxPerSource: 10);
        Admit(queue, "running", 1);
        for (var i = 1; i <= 3; i++) Admit(queue, "a", i);
        Admit(queue, "b", 1);
        Admit(queue, "c", 1);
        Admit(queue, "b", 2);

        Assert.Equal(["a#1", "b#1", "c#1", "a#2", "b#2", "a#3"], Drain(queue, "running"));
    }

    [Fact]
    public void In_the_clean_lane_a_new_source_has_the_next_turn()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 10, maxPerSource: 10);
        Admit(queue, "running", 1);
        for (var a = 1; a <= 3; a++) Admit(queue, $"fresh-{a}", 1, LoginLane.Clean);
        Admit(queue, "fresh-1", 2, LoginLane.Clean);
        Admit(queue, "store", 1, LoginLane.Clean);

        Assert.Equal(["store#1", "fresh-3#1", "fresh-2#1", "fresh-1#1", "fresh-1#2"], Drain(queue, "running"));
    }

    [Fact]
    public void A_source_may_hold_only_so_many_checks_waiting_or_running()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 10, maxPerSource: 2);

        Assert.Equal(LoginAdmissionOutcome.Run, Admit(queue, "a", 1).Outcome);
        Assert.Equal(LoginAdmissionOutcome.Wait, Admit(queue, "a", 2).Outcome);
        Assert.Equal(LoginAdmissionOutcome.SourceFull, Admit(queue, "a", 3).Outcome);
        Assert.Equal(LoginAdmissionOutcome.Wait, Admit(queue, "b", 1).Outcome);

        // a#1 is done: a holds only a#2 now, and may queue another.
        Assert.Equal("a#2", queue.Finish("a")?.Name);
        Assert.Equal(LoginAdmissionOutcome.Wait, Admit(queue, "a", 4).Outcome);
    }

    [Fact]
    public void A_full_queue_makes_room_for_a_better_claim_and_refuses_an_equal_one()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 4, maxPerSource: 10);
        Admit(queue, "running", 1);
        Admit(queue, "x", 1);
        Admit(queue, "y", 1);
        Admit(queue, "y", 2);
        Admit(queue, "y", 3);

        // A clean address displaces the latest check of the busiest suspect source.
        var clean = Admit(queue, "fresh", 1, LoginLane.Clean);
        Assert.Equal((LoginAdmissionOutcome.Wait, "y#3"), (clean.Outcome, clean.Displaced?.Name));
        // In its own lane a newcomer displaces only a source with at least two more checks waiting than its own.
        var z = Admit(queue, "z", 1);
        Assert.Equal((LoginAdmissionOutcome.Wait, "y#2"), (z.Outcome, z.Displaced?.Name));
        Assert.Equal(LoginAdmissionOutcome.Busy, Admit(queue, "w", 1).Outcome);
        Assert.Equal(LoginAdmissionOutcome.Busy, Admit(queue, "y", 4).Outcome);
        Assert.Equal(4, queue.Waiting);

        Assert.Equal(["fresh#1", "x#1", "y#1", "z#1"], Drain(queue, "running"));
    }

    [Fact]
    public void A_flood_from_many_addresses_cannot_keep_a_stores_box_or_a_fresh_address_waiting_behind_it()
    {
        var queue = new FairLoginQueue<Check>(slots: 1, maxWaiting: 32, maxPerSource: 4);
        Admit(queue, "running", 1);
        for (var round = 1; round <= 4; round++)
            for (var a = 0; a < 40; a++)
                Admit(queue, $"attacker-{a}", round);
        Assert.Equal(32, queue.Waiting);

        var box = Admit(queue, "box", 1, LoginLane.Known);
        var fresh = Admit(queue, "fresh", 1, LoginLane.Clean);

        Assert.Equal(LoginAdmissionOutcome.Wait, box.Outcome);
        Assert.Equal(LoginAdmissionOutcome.Wait, fresh.Outcome);
        Assert.NotNull(box.Displaced);
        Assert.NotNull(fresh.Displaced);
        Assert.Equal(["box#1", "fresh#1"], Drain(queue, "running").Take(2));
    }
}
