namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The order in which login checks get one of the few PBKDF2 slots, so that a flood from many addresses cannot keep a
/// store's own box waiting. Checks wait in lanes (<see cref="LoginLane"/>) and the first lane with a waiting check is
/// served; within a lane the sources take turns, so a source with many connections gets no more turns than one with a
/// single connection. In the clean lane a source new to it has the next turn: a flood from fresh addresses queues its
/// first guesses there all at once, and a store that comes in meanwhile is checked next rather than behind them all
/// (each address is clean only until a guess fails). In the other lanes a source joins the end of the turns, or a
/// flooding address, back for its next guess, would always go before a store that once failed.
/// Bounded: a source may have <c>maxPerSource</c> checks waiting or running, and at most <c>maxWaiting</c> wait in
/// all. When that is full a newcomer takes the place of the latest check of the busiest source in the lowest lane that
/// has any, if that lane is below the newcomer's, or if it is the newcomer's own lane and that source has at least two
/// more checks waiting than the newcomer's source; otherwise the newcomer is refused.
/// Pure bookkeeping: no threads, no clock; the caller serialises the calls and starts what it is told to.
/// </summary>
public sealed class FairLoginQueue<T>(int slots, int maxWaiting, int maxPerSource) where T : class
{
    private readonly Lane[] _lanes = [new(newSourcesFirst: false), new(newSourcesFirst: true), new(newSourcesFirst: false)];
    private readonly Dictionary<string, int> _heldBySource = new(StringComparer.Ordinal);
    private int _running;
    private int _waiting;

    public int Running => _running;

    public int Waiting => _waiting;

    /// <summary>Asks for a slot for <paramref name="check"/>; a check displaced to make room for it is returned with the answer.</summary>
    public LoginAdmission<T> Admit(T check, string source, LoginLane lane)
    {
        var held = _heldBySource.GetValueOrDefault(source);
        if (held >= maxPerSource) return new(LoginAdmissionOutcome.SourceFull, null);
        if (_running < slots)
        {
            _running++;
            _heldBySource[source] = held + 1;
            return new(LoginAdmissionOutcome.Run, null);
        }
        T? displaced = null;
        if (_waiting >= maxWaiting && !TryDisplace(source, lane, out displaced)) return new(LoginAdmissionOutcome.Busy, null);
        _lanes[(int)lane].Add(source, check);
        _waiting++;
        _heldBySource[source] = _heldBySource.GetValueOrDefault(source) + 1;
        return new(LoginAdmissionOutcome.Wait, displaced);
    }

    /// <summary>A running check of <paramref name="source"/> has ended: its slot goes to the next waiting check, returned to be started (null: none waits).</summary>
    public T? Finish(string source)
    {
        Release(source);
        _running--;
        foreach (var lane in _lanes)
        {
            if (!lane.TryTakeNext(out var next)) continue;
            _waiting--;
            _running++;
            return next;
        }
        return null;
    }

    private bool TryDisplace(string newcomer, LoginLane newcomerLane, out T? displaced)
    {
        displaced = null;
        for (var l = _lanes.Length - 1; l >= (int)newcomerLane; l--)
        {
            var lane = _lanes[l];
            if (lane.IsEmpty) continue;
            var (busiest, count) = lane.Busiest();
            var newcomerCount = l == (int)newcomerLane ? lane.CountOf(newcomer) : 0;
            if (l == (int)newcomerLane && count < newcomerCount + 2) return false;
            displaced = lane.TakeLatest(busiest);
            _waiting--;
            Release(busiest);
            return true;
        }
        return false;
    }

    private void Release(string source)
    {
        var held = _heldBySource[source] - 1;
        if (held == 0) _heldBySource.Remove(source);
        else _heldBySource[source] = held;
    }

    /// <summary>One lane: each source's waiting checks in arrival order, and the sources in the order of their next turn.</summary>
    private sealed class Lane(bool newSourcesFirst)
    {
        private readonly Dictionary<string, List<T>> _bySource = new(StringComparer.Ordinal);
        private readonly LinkedList<string> _turns = new();

        public bool IsEmpty => _turns.Count == 0;

        public void Add(string source, T check)
        {
            if (!_bySource.TryGetValue(source, out var checks))
            {
                checks = [];
                _bySource[source] = checks;
                if (newSourcesFirst) _turns.AddFirst(source);
                else _turns.AddLast(source);
            }
            checks.Add(check);
        }

        public bool TryTakeNext(out T next)
        {
            next = null!;
            if (_turns.First is not { } first) return false;
            var source = first.Value;
            _turns.RemoveFirst();
            var checks = _bySource[source];
            next = checks[0];
            checks.RemoveAt(0);
            // Its next check, if any, waits for the other sources' turns.
            if (checks.Count > 0) _turns.AddLast(source);
            else _bySource.Remove(source);
            return true;
        }

        public int CountOf(string source) => _bySource.TryGetValue(source, out var checks) ? checks.Count : 0;

        public (string Source, int Count) Busiest()
        {
            var busiest = _bySource.MaxBy(s => s.Value.Count);
            return (busiest.Key, busiest.Value.Count);
        }

        public T TakeLatest(string source)
        {
            var checks = _bySource[source];
            var latest = checks[^1];
            checks.RemoveAt(checks.Count - 1);
            if (checks.Count == 0)
            {
                _bySource.Remove(source);
                _turns.Remove(source);
            }
            return latest;
        }
    }
}

public enum LoginAdmissionOutcome
{
    /// <summary>A slot was free: check now, and call <see cref="FairLoginQueue{T}.Finish"/> after.</summary>
    Run,

    /// <summary>Queued: <see cref="FairLoginQueue{T}.Finish"/> of another check hands this one its slot, unless it is displaced first.</summary>
    Wait,

    /// <summary>Its source already has as many checks waiting or running as it may.</summary>
    SourceFull,

    /// <summary>The queue is full of checks with as good a claim.</summary>
    Busy,
}

/// <summary>The answer to <see cref="FairLoginQueue{T}.Admit"/>: what the check does now, and the waiting check it displaced, if any (refuse that one).</summary>
public readonly record struct LoginAdmission<T>(LoginAdmissionOutcome Outcome, T? Displaced) where T : class;
