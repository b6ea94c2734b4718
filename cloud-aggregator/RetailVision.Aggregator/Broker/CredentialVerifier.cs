using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Checks a store's MQTT login so that a flood of logins cannot stall the broker: a store verified recently is
/// recognised from a keyed digest without paying PBKDF2 again; addresses and user names that keep failing must wait
/// (<see cref="LoginThrottle"/>); at most a few PBKDF2 checks run at once, on the thread pool rather than the broker's
/// I/O path, behind a short queue; and an unknown user costs one PBKDF2 like a wrong password and gets the same answer.
/// </summary>
public sealed class CredentialVerifier : IDisposable
{
    private readonly BrokerLimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _hashes;
    private readonly string _unknownUserHash;
    private readonly LoginThrottle _throttle;
    private readonly SemaphoreSlim _checks;
    private readonly ConcurrentDictionary<string, CachedLogin> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _checksPerAddress = new(StringComparer.Ordinal);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private int _queued;

    private sealed record CachedLogin(byte[] Digest, DateTimeOffset Expires);

    public CredentialVerifier(BrokerOptions broker, TimeProvider time)
    {
        _limits = broker.Limits;
        _time = time;
        _hashes = broker.Stores.ToDictionary(s => s.StoreId, s => s.PasswordHash, StringComparer.Ordinal);
        var iterations = broker.Stores.Select(s => StorePasswordHash.IterationsOf(s.PasswordHash)).FirstOrDefault(i => i is not null);
        _unknownUserHash = StorePasswordHash.Unmatchable(iterations ?? StorePasswordHash.DefaultIterations);
        _throttle = new LoginThrottle(_limits.MaxBackoff, time);
        _checks = new SemaphoreSlim(_limits.EffectiveConcurrentLoginChecks);
    }

    public async Task<LoginDecision> VerifyAsync(string userName, string password, string address)
    {
        var known = _hashes.TryGetValue(userName, out var hash);
        var digest = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(password));
        if (known && _verified.TryGetValue(userName, out var cached) && cached.Expires > _time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(cached.Digest, digest))
            return LoginDecision.Accepted;

        var addressKey = "address:" + address;
        var userKey = "user:" + userName;
        // A user name's backoff holds only against addresses that have failed themselves: a flood of wrong passwords
        // for a store slows the flood, not the store's own box logging in from where it always does.
        var userWait = _throttle.HasFailed(addressKey) ? _throttle.WaitFor(userKey) : null;
        if (Longest(_throttle.WaitFor(addressKey), userWait) is { } wait) return LoginDecision.Throttled(wait);
        if (!TryEnter(address)) return LoginDecision.Throttled(TimeSpan.FromSeconds(1));
        try
        {
            if (Interlocked.Increment(ref _queued) > _limits.MaxQueuedLoginChecks) return LoginDecision.Busy;
            bool matches;
            await _checks.WaitAsync();
            try
            {
                matches = await Task.Run(() => StorePasswordHash.Verify(password, known ? hash! : _unknownUserHash));
            }
            finally
            {
                _checks.Release();
            }
            if (matches && known)
            {
                _verified[userName] = new CachedLogin(digest, _time.GetUtcNow() + _limits.CredentialCacheTime);
                _throttle.Succeeded(userKey);
                return LoginDecision.Accepted;
            }
            _throttle.Failed(addressKey, _limits.FailuresPerAddressBeforeBackoff);
            _throttle.Failed(userKey, _limits.FailuresPerUserBeforeBackoff);
            return LoginDecision.BadCredentials;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
            Leave(address);
        }
    }

    public void Dispose() => _checks.Dispose();

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private bool TryEnter(string address)
    {
        var count = _checksPerAddress.AddOrUpdate(address, 1, (_, n) => n + 1);
        if (count <= _limits.MaxLoginChecksPerAddress) return true;
        Leave(address);
        return false;
    }

    private void Leave(string address)
    {
        if (_checksPerAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
            _checksPerAddress.TryRemove(new KeyValuePair<string, int>(address, 0));
    }
}
