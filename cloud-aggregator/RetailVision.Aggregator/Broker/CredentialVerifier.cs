using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Checks a store's MQTT login so that a flood of logins, from one address or many, cannot stall the broker or keep a
/// store out: a store verified recently is recognised from a keyed digest without paying PBKDF2 again; addresses and
/// user names that keep failing must wait (<see cref="LoginThrottle"/>), and a login refused for load counts toward
/// its address's wait; at most a few PBKDF2 checks run at once, on the thread pool rather than the broker's I/O
/// path, and the others wait their turn in a <see cref="FairLoginQueue{T}"/>: boxes logging in from where they have
/// before first, then addresses with a clean record, sources taking turns within each lane; logins with the same user
/// name and password at the same time share one check. An unknown user costs one PBKDF2 like a wrong password and gets
/// the same answer.
/// </summary>
public sealed class CredentialVerifier
{
    private readonly BrokerLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _hashes;
    private readonly string _unknownUserHash;
    private readonly LoginThrottle _throttle;
    private readonly KnownLogins _knownLogins;
    private readonly FairLoginQueue<TaskCompletionSource<bool>> _queue;
    private readonly Lock _queueLock = new();
    private readonly ConcurrentDictionary<string, CachedLogin> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Digest), Task<bool?>> _checksInFlight = new();
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);

    private sealed record CachedLogin(byte[] Digest, DateTimeOffset Expires);

    public CredentialVerifier(BrokerOptions broker, TimeProvider time)
    {
        _limits = broker.Limits;
        _time = time;
        _hashes = broker.Stores.ToDictionary(s => s.StoreId, s => s.PasswordHash, StringComparer.Ordinal);
        var iterations = broker.Stores.Select(s => StorePasswordHash.IterationsOf(s.PasswordHash)).FirstOrDefault(i => i is not null);
        _unknownUserHash = StorePasswordHash.Unmatchable(iterations ?? StorePasswordHash.DefaultIterations);
        _throttle = new LoginThrottle(_limits.MaxBackoff, time);
        _knownLogins = new KnownLogins(_limits.RememberedLogins, time);
        _queue = new(_limits.EffectiveConcurrentLoginChecks, _limits.MaxQueuedLoginChecks, _limits.MaxLoginChecksPerAddress);
    }

    public async Task<LoginDecision> VerifyAsync(string userName, string password, string address)
    {
        var known = _hashes.TryGetValue(userName, out var hash);
        var digest = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(password));
        if (known && _verified.TryGetValue(userName, out var cached) && cached.Expires > _time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(cached.Digest, digest))
            return LoginDecision.Accepted;

        var source = LoginSource.Of(address);
        // The address's own wait counts wrong passwords and refusals for load alike, or a flood that is only ever told
        // "busy" would never back off; whether it is guessing counts wrong passwords only, so that a store refused
        // for load once is not taken for a guesser.
        var addressKey = "address:" + source;
        var guesserKey = "wrong-password:" + source;
        var userKey = "user:" + userName;
        // A user name's backoff holds only against addresses that have guessed wrong themselves: a flood of wrong
        // passwords for a store slows the flood, not the store's own box logging in from where it always does.
        var guessing = _throttle.HasFailed(guesserKey);
        var userWait = guessing ? _throttle.WaitFor(userKey) : null;
        if (Longest(_throttle.WaitFor(addressKey), userWait) is { } wait) return LoginDecision.Throttled(wait);
        var lane = _knownLogins.Contains(userName, source) ? LoginLane.Known : guessing ? LoginLane.Suspect : LoginLane.Clean;
        // Logins with the same user name and password at the same time (a store's boxes coming back together) share
        // one check rather than each taking a turn, or the fifth box of one address would be refused.
        bool matches;
        var sameLogin = (userName, Convert.ToBase64String(digest));
        var mine = new TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = _checksInFlight.GetOrAdd(sameLogin, mine.Task);
        if (inFlight != mine.Task && await inFlight is { } shared)
        {
            matches = shared;
        }
        else
        {
            try
            {
                if (await TakeTurnAsync(source, lane) is { } refusal)
                {
                    _throttle.Failed(addressKey, _limits.FailuresPerAddressBeforeBackoff);
                    return refusal;
                }
                try
                {
                    matches = await Task.Run(() => StorePasswordHash.Verify(password, known ? hash! : _unknownUserHash));
                }
                finally
                {
                    EndTurn(source);
                }
                mine.TrySetResult(matches);
            }
            finally
            {
                // Null: this check was refused, and those that joined it take their own turn.
                mine.TrySetResult(null);
                _checksInFlight.TryRemove(new KeyValuePair<(string, string), Task<bool?>>(sameLogin, mine.Task));
            }
        }
        if (matches && known)
        {
            _verified[userName] = new CachedLogin(digest, _time.GetUtcNow() + _limits.CredentialCacheTime);
            _throttle.Succeeded(userKey);
            _knownLogins.Succeeded(userName, source);
            return LoginDecision.Accepted;
        }
        _knownLogins.Failed(userName, source);
        _throttle.Failed(addressKey, _limits.FailuresPerAddressBeforeBackoff);
        _throttle.Failed(guesserKey, _limits.FailuresPerAddressBeforeBackoff);
        _throttle.Failed(userKey, _limits.FailuresPerUserBeforeBackoff);
        return LoginDecision.BadCredentials;
    }

    /// <summary>Waits for a PBKDF2 slot; null once it has one, else the refusal to answer.</summary>
    private async Task<LoginDecision?> TakeTurnAsync(string source, LoginLane lane)
    {
        var turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        LoginAdmission<TaskCompletionSource<bool>> admission;
        lock (_queueLock) admission = _queue.Admit(turn, source, lane);
        admission.Displaced?.SetResult(false);
        return admission.Outcome switch
        {
            LoginAdmissionOutcome.Run => null,
            LoginAdmissionOutcome.Wait => await turn.Task ? null : LoginDecision.Busy,
            LoginAdmissionOutcome.SourceFull => LoginDecision.Throttled(TimeSpan.FromSeconds(1)),
            _ => LoginDecision.Busy,
        };
    }

    private void EndTurn(string source)
    {
        TaskCompletionSource<bool>? next;
        lock (_queueLock) next = _queue.Finish(source);
        next?.SetResult(true);
    }

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
