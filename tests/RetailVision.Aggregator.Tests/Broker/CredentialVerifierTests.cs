using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class CredentialVerifierTests
{
    private const string Password = "store-a-password";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    // Costly enough that a check is still running when the next login of a test arrives, however busy the machine.
    private const int SlowIterations = 100_000;

    private CredentialVerifier Verifier(Action<BrokerLimitsOptions>? limits = null, int iterations = StorePasswordHash.MinIterations)
    {
        var broker = new BrokerOptions
        {
            Stores = [new StoreCredentialOptions { StoreId = "store-a", PasswordHash = StorePasswordHash.Create(Password, iterations) }],
        };
        limits?.Invoke(broker.Limits);
        return new CredentialVerifier(broker, _time);
    }

    [Fact]
    public async Task The_right_password_is_accepted_and_others_get_one_answer_whether_the_user_exists_or_not()
    {
        var verifier = Verifier();

        var right = await verifier.VerifyAsync("store-a", Password, "10.0.0.1");
        var wrong = await verifier.VerifyAsync("store-a", "guess", "10.0.0.2");
        var unknown = await verifier.VerifyAsync("store-z", Password, "10.0.0.3");

        Assert.True(right.IsAccepted);
        Assert.Equal(LoginDecision.BadCredentials, wrong);
        Assert.Equal(LoginDecision.BadCredentials, unknown);
    }

    [Fact]
    public async Task An_unknown_user_costs_a_full_hash_like_a_wrong_password()
    {
        var verifier = Verifier(l => l.FailuresPerAddressBeforeBackoff = l.FailuresPerUserBeforeBackoff = 1000);
        var wrong = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var clock = Stopwatch.StartNew();
            await verifier.VerifyAsync("store-a", "guess", "10.0.0.1");
            wrong.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await verifier.VerifyAsync($"nobody-{i}", "guess", "10.0.0.1");
            unknown.Add(clock.Elapsed.TotalMilliseconds);
        }

        // Medians, compared as a ratio: both pay one PBKDF2 of the same iteration count.
        var ratio = unknown.Order().ElementAt(7) / wrong.Order().ElementAt(7);
        Assert.InRange(ratio, 0.5, 2.0);
    }

    [Fact]
    public async Task A_verified_login_is_remembered_for_a_while_without_hashing_again()
    {
        var verifier = Verifier(l => l.CredentialCacheSeconds = 60, SlowIterations);
        Assert.True((await verifier.VerifyAsync("store-a", Password, "10.0.0.1")).IsAccepted);

        var clock = Stopwatch.StartNew();
        var again = await verifier.VerifyAsync("store-a", Password, "10.0.0.1");
        var cachedMs = clock.Elapsed.TotalMilliseconds;
        _time.Advance(TimeSpan.FromSeconds(61));
        clock.Restart();
        var expired = await verifier.VerifyAsync("store-a", Password, "10.0.0.1");
        var hashedMs = clock.Elapsed.TotalMilliseconds;

        Assert.True(again.IsAccepted);
        Assert.True(expired.IsAccepted);
        Assert.True(cachedMs * 5 < hashedMs, $"cached {cachedMs:0.00} ms, hashed {hashedMs:0.00} ms");
        Assert.Equal(LoginDecision.BadCredentials, await verifier.VerifyAsync("store-a", "not-it", "10.0.0.1"));
    }

    [Fact]
    public async Task An_address_that_keeps_failing_must_wait_and_the_store_still_logs_in_from_elsewhere()
    {
        var verifier = Verifier(l =>
        {
            l.FailuresPerAddressBeforeBackoff = 3;
            l.FailuresPerUserBeforeBackoff = 3;
        });
        for (var i = 0; i < 3; i++) await verifier.VerifyAsync("store-a", "guess", "10.0.0.66");

        var attacker = await verifier.VerifyAsync("store-a", Password, "10.0.0.66");
        var attackerOtherUser = await verifier.VerifyAsync("store-b", "guess", "10.0.0.66");
        var store = await verifier.VerifyAsync("store-a", Password, "10.0.0.1");

        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, attacker.Code);
        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, attackerOtherUser.Code);
        Assert.Contains("retry in", attacker.Reason);
        Assert.True(store.IsAccepted);
    }

    [Fact]
    public async Task A_user_name_under_attack_from_many_addresses_slows_each_of_them_after_its_first_failure()
    {
        var verifier = Verifier(l => l.FailuresPerUserBeforeBackoff = 3);
        for (var i = 0; i < 3; i++) await verifier.VerifyAsync("store-a", "guess", $"10.0.1.{i}");

        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, (await verifier.VerifyAsync("store-a", "guess", "10.0.1.0")).Code);
        Assert.Equal(LoginDecision.BadCredentials, await verifier.VerifyAsync("store-a", "guess", "10.0.1.200"));
        Assert.True((await verifier.VerifyAsync("store-a", Password, "10.0.0.1")).IsAccepted);
    }

    [Fact]
    public async Task More_logins_than_the_queue_holds_are_told_the_server_is_busy()
    {
        var verifier = Verifier(l =>
        {
            l.ConcurrentLoginChecks = 1;
            l.MaxQueuedLoginChecks = 4;
            l.MaxLoginChecksPerAddress = 100;
            l.FailuresPerAddressBeforeBackoff = l.FailuresPerUserBeforeBackoff = 1000;
        });

        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => verifier.VerifyAsync("store-a", $"guess-{i}", "10.0.0.9")));

        Assert.Contains(decisions, d => d == LoginDecision.Busy);
        Assert.Contains(decisions, d => d == LoginDecision.BadCredentials);
        Assert.True(decisions.Count(d => d == LoginDecision.BadCredentials) <= 40 - decisions.Count(d => d == LoginDecision.Busy));
    }

    [Fact]
    public async Task One_address_may_have_only_a_few_checks_running()
    {
        var verifier = Verifier(l =>
        {
            l.MaxLoginChecksPerAddress = 2;
            l.FailuresPerAddressBeforeBackoff = l.FailuresPerUserBeforeBackoff = 1000;
        });

        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => verifier.VerifyAsync("store-a", $"guess-{i}", "10.0.0.7")));

        Assert.Contains(decisions, d => d.Code == MqttConnectReasonCode.ConnectionRateExceeded);
        Assert.True((await verifier.VerifyAsync("store-a", Password, "10.0.0.1")).IsAccepted);
    }

    [Fact]
    public async Task A_login_refused_for_load_counts_toward_its_addresss_backoff()
    {
        var verifier = Verifier(l =>
        {
            l.ConcurrentLoginChecks = 1;
            l.MaxQueuedLoginChecks = 0;
            l.FailuresPerAddressBeforeBackoff = 3;
        }, SlowIterations);

        // One is checked (and fails); the other three find no room and are told the broker is busy.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => verifier.VerifyAsync("store-a", $"guess-{i}", "10.0.0.9")));
        var afterwards = await verifier.VerifyAsync("store-a", Password, "10.0.0.9");

        Assert.Equal(3, decisions.Count(d => d == LoginDecision.Busy));
        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, afterwards.Code);
        Assert.True((await verifier.VerifyAsync("store-a", Password, "10.0.0.1")).IsAccepted);
    }

    [Fact]
    public async Task A_flood_from_many_addresses_leaves_room_for_a_known_box_and_a_fresh_address()
    {
        var verifier = Verifier(l =>
        {
            l.ConcurrentLoginChecks = 1;
            l.MaxQueuedLoginChecks = 8;
            l.CredentialCacheSeconds = 0;
            l.FailuresPerAddressBeforeBackoff = l.FailuresPerUserBeforeBackoff = 1000;
        });
        Assert.True((await verifier.VerifyAsync("store-a", Password, "10.0.0.1")).IsAccepted);
        for (var a = 0; a < 40; a++) await verifier.VerifyAsync("store-a", "guess", $"10.0.2.{a}");

        var flood = Enumerable.Range(0, 160).Select(i => verifier.VerifyAsync("store-a", $"guess-{i}", $"10.0.2.{i % 40}")).ToList();
        var box = verifier.VerifyAsync("store-a", Password, "10.0.0.1");
        var fresh = verifier.VerifyAsync("store-a", Password, "10.0.3.1");
        var floodDecisions = await Task.WhenAll(flood);

        Assert.True((await box).IsAccepted);
        Assert.True((await fresh).IsAccepted);
        Assert.Contains(floodDecisions, d => d == LoginDecision.Busy);
        Assert.DoesNotContain(floodDecisions, d => d.IsAccepted);
    }

    [Fact]
    public async Task A_store_refused_for_load_is_not_held_to_its_user_names_backoff()
    {
        var verifier = Verifier(l =>
        {
            l.ConcurrentLoginChecks = 1;
            l.MaxQueuedLoginChecks = 0;
            l.CredentialCacheSeconds = 0;
            l.FailuresPerUserBeforeBackoff = 1;
        }, SlowIterations);
        // Someone guessing elsewhere puts store A's user name under backoff, and someone else holds the only slot.
        await verifier.VerifyAsync("store-a", "guess", "10.0.0.66");
        var occupying = verifier.VerifyAsync("store-z", "guess", "10.0.0.77");

        var refused = await verifier.VerifyAsync("store-a", Password, "10.0.0.5");
        await occupying;
        var retry = await verifier.VerifyAsync("store-a", Password, "10.0.0.5");

        Assert.Equal(LoginDecision.Busy, refused);
        Assert.True(retry.IsAccepted, retry.Reason);
    }

    [Fact]
    public async Task Logins_with_the_same_password_at_once_share_one_check()
    {
        var verifier = Verifier(l =>
        {
            l.ConcurrentLoginChecks = 1;
            l.MaxQueuedLoginChecks = 0;
            l.MaxLoginChecksPerAddress = 1;
        }, SlowIterations);

        // Eight boxes of one store behind one address, back at once: one check, eight answers.
        var boxes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => verifier.VerifyAsync("store-a", Password, "10.0.0.1")));
        var guesses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => verifier.VerifyAsync("store-a", "guess", "10.0.0.2")));

        Assert.All(boxes, d => Assert.True(d.IsAccepted));
        Assert.All(guesses, d => Assert.Equal(LoginDecision.BadCredentials, d));
    }
}
