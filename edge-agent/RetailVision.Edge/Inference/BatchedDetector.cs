using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// One detector session shared by every camera of a box. Each camera gets a client that preprocesses on the camera's
/// own thread and then waits; one inference thread takes the waiting frames oldest first, up to the session's batch
/// size, runs them as one batch and decodes each into its client. A camera has at most one frame waiting, so taking
/// the queue in order is round-robin: a fast camera cannot starve a slow one. A lone frame runs straight from its
/// client's input without a copy. Nothing is allocated per frame.
/// </summary>
public sealed class BatchedDetector : IDisposable
{
    private readonly DetectorSession _session;
    private readonly DetectorSettings _settings;
    private readonly object _gate = new();
    private readonly List<Client> _clients = [];
    private readonly Client[] _batch;
    private readonly Thread _thread;
    private Client[] _queue = [];
    private int _head;
    private int _waiting;
    private bool _started;
    private bool _stopping;
    private long _runs;
    private long _frames;

    public BatchedDetector(string modelPath, DetectorSettings settings, int maxBatch, ILogger logger)
    {
        _settings = settings;
        _session = new DetectorSession(modelPath, settings, maxBatch, logger);
        _batch = new Client[_session.MaxBatch];
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "detector" };
    }

    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>Most frames run together.</summary>
    public int MaxBatch => _session.MaxBatch;

    /// <summary>Inference runs so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Frames detected so far (over all runs).</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>
    /// A detector for one camera; its preprocessing, inference share and decode times go to <paramref name="timings"/>.
    /// Every client is created before the first frame is detected.
    /// </summary>
    public IPersonDetector CreateClient(StageTimings timings)
    {
        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("detector clients must be created before detection starts");
            var client = new Client(this, timings);
            _clients.Add(client);
            _queue = new Client[_clients.Count];
            return client;
        }
    }

    private void Submit(Client client)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (!_started)
            {
                _started = true;
                _thread.Start();
            }
            _queue[(_head + _waiting) % _queue.Length] = client;
            _waiting++;
            Monitor.Pulse(_gate);
        }
    }

    private void RunLoop()
    {
        while (true)
        {
            int batch;
            lock (_gate)
            {
                while (_waiting == 0 && !_stopping) Monitor.Wait(_gate);
                if (_waiting == 0) return;
                batch = Math.Min(_waiting, _batch.Length);
                for (var k = 0; k < batch; k++)
                {
                    _batch[k] = _queue[_head];
                    _head = (_head + 1) % _queue.Length;
                }
                _waiting -= batch;
            }
            RunBatch(batch);
        }
    }

    private void RunBatch(int batch)
    {
        try
        {
            var start = Stopwatch.GetTimestamp();
            if (batch == 1)
            {
                _session.RunSingle(_batch[0].Handle);
            }
            else
            {
                for (var k = 0; k < batch; k++) _batch[k].Input.CopyTo(_session.BatchInput(k));
                _session.RunBatch(batch);
            }
            // Each frame is charged its share of the run.
            var share = (Stopwatch.GetTimestamp() - start) / batch;
            Interlocked.Increment(ref _runs);
            Interlocked.Add(ref _frames, batch);
            for (var k = 0; k < batch; k++)
            {
                var client = _batch[k];
                client.Timings.Record(PipelineStage.Inference, share);
                var decodeStart = Stopwatch.GetTimestamp();
                _session.Decode(k, client.Decoder, client.Transform);
                client.Complete(client.Decoder.Finish(client.Results));
                client.Timings.RecordSince(PipelineStage.Postprocess, decodeStart);
            }
        }
        catch (Exception ex)
        {
            for (var k = 0; k < batch; k++) _batch[k].Fail(ex);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }
        if (_thread.IsAlive) _thread.Join();
        foreach (var client in _clients) client.Dispose();
        _session.Dispose();
    }

    private sealed class Client : IPersonDetector, IDisposable
    {
        private readonly BatchedDetector _owner;
        private readonly FramePreprocessor _preprocessor;
        private readonly SemaphoreSlim _done = new(0, 1);
        private int _resultCount;
        private Exception? _error;

        public Client(BatchedDetector owner, StageTimings timings)
        {
            _owner = owner;
            Timings = timings;
            _preprocessor = new FramePreprocessor(owner._settings);
            Decoder = new NanoDetDecoder(owner._settings);
            Results = new Detection[owner._settings.MaxDetections];
            Input = GC.AllocateArray<float>(owner._session.FrameLength, pinned: true);
            Handle = owner._session.BindSingleInput(Input);
        }

        public float[] Input { get; }
        public int Handle { get; }
        public NanoDetDecoder Decoder { get; }
        public Detection[] Results { get; }
        public StageTimings Timings { get; }
        public LetterboxTransform Transform { get; private set; }

        public string ExecutionProvider => _owner.ExecutionProvider;

        public int Detect(Mat frame, Span<Detection> output)
        {
            var start = Stopwatch.GetTimestamp();
            Transform = _preprocessor.Run(frame, Input);
            Timings.RecordSince(PipelineStage.Preprocess, start);
            _owner.Submit(this);
            _done.Wait();
            if (_error is { } error)
            {
                _error = null;
                throw new InvalidOperationException($"person detection failed: {error.Message}", error);
            }
            var count = Math.Min(_resultCount, output.Length);
            Results.AsSpan(0, count).CopyTo(output);
            return count;
        }

        public void Complete(int count)
        {
            _resultCount = count;
            _done.Release();
        }

        public void Fail(Exception error)
        {
            _error = error;
            _done.Release();
        }

        public void Dispose()
        {
            _preprocessor.Dispose();
            _done.Dispose();
        }
    }
}
