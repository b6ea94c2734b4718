using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class QueueBudgetTests
{
    private static readonly BrokerQueueOptions Options = new() { MaxBytesPerClient = 1000, MaxBytes = 2500, TelemetryShare = 0.25 };

    [Fact]
    public void Telemetry_fills_only_its_share_and_events_still_fit_after_it()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var queue = new SessionQueue();

        Assert.Equal(QueueAdmission.Admitted, budget.Admit(queue, 200, isTelemetry: true, atMostOnce: true));
        Assert.Equal(QueueAdmission.TelemetryShareFull, budget.Admit(queue, 100, isTelemetry: true, atMostOnce: true));
        Assert.Equal(QueueAdmission.Admitted, budget.Admit(queue, 700, isTelemetry: false, atMostOnce: false));
        Assert.Equal(QueueAdmission.ClientQueueFull, budget.Admit(queue, 200, isTelemetry: false, atMostOnce: false));

        Assert.Equal((2, 900), (queue.Messages, queue.Bytes));
        Assert.Equal((2, 900), (budget.Messages, budget.Bytes));
    }

    [Fact]
    public void The_total_bound_holds_across_sessions_and_telemetry_meets_its_share_of_it_first()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var queues = Enumerable.Range(0, 3).Select(_ => new SessionQueue()).ToList();

        Assert.Equal(QueueAdmission.Admitted, budget.Admit(queues[0], 900, isTelemetry: false, atMostOnce: false));
        Assert.Equal(QueueAdmission.TelemetryShareFull, budget.Admit(queues[1], 100, isTelemetry: true, atMostOnce: true));
        Assert.Equal(QueueAdmission.Admitted, budget.Admit(queues[1], 900, isTelemetry: false, atMostOnce: false));
        Assert.Equal(QueueAdmission.BrokerQueuesFull, budget.Admit(queues[2], 800, isTelemetry: false, atMostOnce: false));
        Assert.Equal(QueueAdmission.Admitted, budget.Admit(queues[2], 700, isTelemetry: false, atMostOnce: false));
        Assert.Equal(2500, budget.Bytes);
    }

    [Fact]
    public void The_message_bound_counts_whatever_the_bytes()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 2);
        var queue = new SessionQueue();

        budget.Admit(queue, 1, isTelemetry: false, atMostOnce: false);
        budget.Admit(queue, 1, isTelemetry: false, atMostOnce: false);

        Assert.Equal(QueueAdmission.ClientQueueFull, budget.Admit(queue, 1, isTelemetry: false, atMostOnce: false));
    }

    [Fact]
    public void Sent_and_acknowledged_messages_free_what_they_held()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var queue = new SessionQueue();
        budget.Admit(queue, 100, isTelemetry: false, atMostOnce: true);
        budget.Admit(queue, 300, isTelemetry: false, atMostOnce: false);

        budget.Sent(queue, 100);
        budget.Released(queue, 300);

        Assert.Equal((0, 0, 0, 0), (queue.Messages, queue.Bytes, queue.AtMostOnceMessages, queue.AtMostOnceBytes));
        Assert.Equal((0, 0), (budget.Messages, budget.Bytes));
    }

    [Fact]
    public void A_resumed_session_frees_its_unsent_qos0_messages_and_keeps_the_rest()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var queue = new SessionQueue();
        budget.Admit(queue, 100, isTelemetry: true, atMostOnce: true);
        budget.Admit(queue, 50, isTelemetry: true, atMostOnce: true);
        budget.Admit(queue, 300, isTelemetry: false, atMostOnce: false);

        budget.Resumed(queue);

        Assert.Equal((1, 300), (queue.Messages, queue.Bytes));
        Assert.Equal((1, 300), (budget.Messages, budget.Bytes));
    }

    [Fact]
    public void A_discarded_session_frees_everything_and_counts_nothing_more()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var gone = new SessionQueue();
        var other = new SessionQueue();
        budget.Admit(gone, 400, isTelemetry: false, atMostOnce: false);
        budget.Admit(other, 200, isTelemetry: false, atMostOnce: false);

        budget.Discard(gone);
        Assert.Equal(QueueAdmission.Admitted, budget.Admit(gone, 500, isTelemetry: false, atMostOnce: false));

        Assert.Equal((1, 200), (budget.Messages, budget.Bytes));
    }

    [Fact]
    public void A_release_reported_twice_never_frees_what_other_sessions_hold()
    {
        var budget = new QueueBudget(Options, maxMessagesPerClient: 100);
        var queue = new SessionQueue();
        var other = new SessionQueue();
        budget.Admit(queue, 100, isTelemetry: false, atMostOnce: false);
        budget.Admit(other, 600, isTelemetry: false, atMostOnce: false);

        budget.Released(queue, 100);
        budget.Released(queue, 100);
        budget.Sent(queue, 500);

        Assert.Equal((0, 0), (queue.Messages, queue.Bytes));
        Assert.Equal((1, 600), (budget.Messages, budget.Bytes));
    }
}
