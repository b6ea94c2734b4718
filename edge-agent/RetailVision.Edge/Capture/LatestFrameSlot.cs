using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// Hands frames from one capture thread to one processing thread through three Mats, with no copies and no
/// allocation per frame: the writer decodes into its own buffer and publishes it as the newest; the reader leases the
/// newest and releases it. With <c>dropOlder</c> (live sources) a published frame the reader has not taken yet is
/// replaced by the next one and counted as dropped, so the reader always gets the freshest frame and the capture
/// thread never waits. Without it (files at full speed) publishing waits until the reader has taken the previous frame.
/// Each buffer is sized by the first frame decoded into it (a source's Read allocates a Mat of another size once).
/// </summary>
public sealed class LatestFrameSlot(bool dropOlder) : IDisposable
{
    private const int None = -1;

    private readonly Mat[] _buffers = [new Mat(), new Mat(), new Mat()];
    private readonly double[] _timestamps = new double[3];
    private readonly long[] _frameNumbers = new long[3];
    // Monitor.Wait/PulseAll need a plain object: System.Threading.Lock has no wait.
    private readonly object _gate = new();
    private int _writing;
    private int _ready = None;
    private int _reading = None;
    private long _published;
    private long _dropped;
    private bool _completed;

    /// <summary>True when an unconsumed frame is replaced by a newer one; false when publishing waits for the reader.</summary>
    public bool DropsOlderFrames => dropOlder;

    public long FramesPublished { get { lock (_gate) return _published; } }

    public long FramesDropped { get { lock (_gate) return _dropped; } }

    /// <summary>The writer has finished and the last frame has been taken: <see cref="TryTake"/> will not succeed again.</summary>
    public bool IsCompleted { get { lock (_gate) return _completed && _ready == None; } }

    /// <summary>The Mat the writer decodes the next frame into; only the writer thread may use it, until it publishes.</summary>
    public Mat WriteBuffer
    {
        get { lock (_gate) return _buffers[_writing]; }
    }

    /// <summary>
    /// Publishes <see cref="WriteBuffer"/> as the newest frame. Without <c>dropOlder</c> it first waits until the reader
    /// has taken the previous frame. False once <see cref="Complete"/> has been called: the frame was not published.
    /// </summary>
    public bool Publish(double timestampSeconds)
    {
        lock (_gate)
        {
            while (!dropOlder && _ready != None && !_completed) Monitor.Wait(_gate);
            if (_completed) return false;
            _timestamps[_writing] = timestampSeconds;
            _frameNumbers[_writing] = _published++;
            if (_ready != None)
            {
                // The reader never saw the older frame: its buffer becomes the next one to write.
                (_ready, _writing) = (_writing, _ready);
                _dropped++;
            }
            else
            {
                _ready = _writing;
                // Of three buffers one is ready, one may be leased: the third is free.
                _writing = _reading == None ? (_ready + 1) % 3 : 3 - _ready - _reading;
            }
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>
    /// Leases the newest unconsumed frame, waiting up to <paramref name="wait"/> for one. False on timeout, on
    /// cancellation, or when the writer has completed and nothing is left. One lease at a time: release it first.
    /// </summary>
    public bool TryTake(out FrameLease lease, TimeSpan wait, CancellationToken cancellation = default)
    {
        lease = default;
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        // Wakes the wait below when the caller cancels; the static callback keeps registration allocation-free.
        using var registration = cancellation.UnsafeRegister(static s => ((LatestFrameSlot)s!).Wake(), this);
        lock (_gate)
        {
            if (_reading != None) throw new InvalidOperationException("release the previous frame before taking another");
            while (_ready == None)
            {
                var remaining = deadline - Environment.TickCount64;
                if (_completed || cancellation.IsCancellationRequested || remaining <= 0) return false;
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(remaining));
            }
            _reading = _ready;
            _ready = None;
            lease = new FrameLease(this, _reading, _buffers[_reading], _timestamps[_reading], _frameNumbers[_reading]);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Returns a leased frame's buffer to the writer; a stale or default lease is ignored.</summary>
    public void Release(in FrameLease lease)
    {
        lock (_gate)
        {
            if (_reading != None && lease.Buffer == _reading && lease.FrameNumber == _frameNumbers[_reading]) _reading = None;
        }
    }

    /// <summary>The writer has finished: waiting readers and a writer blocked in <see cref="Publish"/> return.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Wake()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }

    /// <summary>Frees the Mats; only once neither thread uses the slot any more.</summary>
    public void Dispose()
    {
        foreach (var buffer in _buffers) buffer.Dispose();
    }
}
