namespace RetailVision.Edge.Zones;

/// <summary>
/// Which storage slot holds which tracked person, for classes that keep per-person state in flat arrays. Released
/// slots are reused, so steady state allocates nothing; the table doubles only when more people are present at once
/// than ever before, and its owner then grows its own per-slot arrays to <see cref="Capacity"/>.
/// </summary>
internal sealed class TrackSlots
{
    private int[] _trackIds = new int[16];
    private bool[] _inUse = new bool[16];

    public int Capacity => _trackIds.Length;

    /// <summary>Slots ever used since the last <see cref="Clear"/>; the free ones among them are not <see cref="InUse"/>.</summary>
    public int Count { get; private set; }

    public bool InUse(int slot) => _inUse[slot];

    public int TrackId(int slot) => _trackIds[slot];

    public void Release(int slot) => _inUse[slot] = false;

    public void Clear()
    {
        _inUse.AsSpan(0, Count).Clear();
        Count = 0;
    }

    /// <summary>The slot of <paramref name="trackId"/>; for a track not held yet a free slot is claimed and <paramref name="claimed"/> is true.</summary>
    public int SlotOf(int trackId, out bool claimed)
    {
        var free = -1;
        for (var slot = 0; slot < Count; slot++)
        {
            if (_inUse[slot])
            {
                if (_trackIds[slot] != trackId) continue;
                claimed = false;
                return slot;
            }
            if (free < 0) free = slot;
        }
        if (free < 0)
        {
            if (Count == _trackIds.Length)
            {
                Array.Resize(ref _trackIds, 2 * Count);
                Array.Resize(ref _inUse, 2 * Count);
            }
            free = Count++;
        }
        _trackIds[free] = trackId;
        _inUse[free] = true;
        claimed = true;
        return free;
    }
}
