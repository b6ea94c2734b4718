using System.CommandLine;
using Microsoft.Extensions.Logging;
using RetailVision.Contracts;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;

namespace RetailVision.Edge.Cli.Commands;

/// <summary>
/// <c>run</c>: every camera of a store configuration, publishing events to the aggregator's broker. Each camera has a
/// capture thread (latest frame wins for live sources, reconnecting with backoff) and a processing thread; all share
/// one batched detector session. Camera states go out retained as they change and a stats message every interval.
/// File sources end at their last frame, and the command exits once every camera has ended and every event has been
/// acknowledged by the broker.
/// </summary>
public static class RunCommand
{
    public static Command Create(ILoggerFactory logging)
    {
        var config = new Option<string>("--config") { Description = "Store configuration file", Required = true };
        var flushTimeout = new Option<double>("--flush-timeout") { Description = "Seconds to wait at exit for the broker to acknowledge queued events", DefaultValueFactory = _ => 60 };
        var eventsOut = new Option<string?>("--events-out") { Description = "Also append every decision-point event to this JSON Lines file once it is in the outbox (an audit copy)" };
        var command = new Command("run", "Run the store's cameras and publish decision-point events and heatmaps over MQTT") { config, flushTimeout, eventsOut };
        command.SetAction((parse, token) => RunAsync(logging, parse.GetValue(config)!, TimeSpan.FromSeconds(parse.GetValue(flushTimeout)), token, parse.GetValue(eventsOut)));
        return command;
    }

    public static async Task<int> RunAsync(ILoggerFactory logging, string configPath, TimeSpan flushTimeout, CancellationToken token, string? eventsOut = null)
    {
        var logger = logging.CreateLogger("run");
        var store = StoreConfigLoader.Load(configPath);
        if (!StoreConfigLoader.TryParseInputSize(store.Detector.InputSize, out var size, out var error)) throw new ConfigException(configPath, "detector.inputSize", error);
        var model = DetectorModel.Resolve(size, store.Detector.ModelPrecision, logger);

        // Events wait in a file beside the store's configuration until the broker acknowledges them, across restarts.
        using var outbox = new EventOutbox(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "data", store.StoreId, "outbox.db"), logging.CreateLogger("outbox"));
        await using var publisher = new MqttEventPublisher(store, outbox, logging.CreateLogger("mqtt"));
        // The audit copy is written after the outbox has the event, so every line names an event that will be delivered.
        using var audit = eventsOut is null ? null : new JsonLinesEventWriter(eventsOut, append: true);
        IEventSink sink = audit is null ? publisher : new EventSinks(publisher, audit);

        var settings = PipelineSettingsFactory.Detector(store.Detector, model);
        using var detector = new BatchedDetector(model.OnnxPath, settings, Math.Min(store.Detector.MaxBatch, store.Cameras.Length), logging.CreateLogger("detector"));
        logger.LogInformation("Detector {Model} {Size} {Precision} on {Provider}, {Threads} threads, batches of up to {Batch} frames for {Cameras} cameras",
            model.ModelId, size, store.Detector.Precision, detector.ExecutionProvider, settings.IntraOpThreads, detector.MaxBatch, store.Cameras.Length);

        var workers = new CameraWorker[store.Cameras.Length];
        // Decoders scale frames to the detector's input, so only the pixels it looks at cross the pipe and get resized.
        var capture = new CaptureOptions { FitWithin = (settings.InputWidth, settings.InputHeight) };
        for (var i = 0; i < workers.Length; i++) workers[i] = CreateWorker(store, store.Cameras[i], capture, detector, sink, publisher, logging);
        var stats = new EdgeStatsCollector(store.StoreId, $"{model.ModelId} {size} {store.Detector.Precision}", detector, outbox, workers);
        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(token);
        var threads = new Task[workers.Length];
        try
        {
            for (var i = 0; i < workers.Length; i++)
            {
                var worker = workers[i];
                worker.Feed.Start();
                threads[i] = Task.Factory.StartNew(() => worker.Run(stopWorkers.Token), stopWorkers.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            var all = Task.WhenAll(threads);
            var interval = TimeSpan.FromSeconds(store.StatsIntervalSeconds);
            while (await Task.WhenAny(all, Task.Delay(interval, token).ContinueWith(_ => { }, TaskScheduler.Default)) != all && !token.IsCancellationRequested)
                PublishStats(store, stats, publisher, logger);
            await all.ContinueWith(_ => { }, TaskScheduler.Default);
            PublishStats(store, stats, publisher, logger);
            foreach (var worker in workers)
            {
                var pipeline = worker.Pipeline;
                var counters = worker.Feed.Counters;
                Console.WriteLine($"camera {worker.CameraId}: {pipeline?.FramesProcessed ?? 0} frames, {pipeline?.DetectionsRun ?? 0} detector runs " +
                                  $"({pipeline?.DetectionsSkippedStill ?? 0} skipped, image still), {pipeline?.EventsPublished ?? 0} events, " +
                                  $"{counters.FramesDropped} frames dropped, {counters.Reconnects} reconnects, {worker.Feed.Status.State}: {worker.Feed.Status.Reason}");
            }
        }
        finally
        {
            // Workers first: a feed's frames must outlive the thread that may still hold one.
            await stopWorkers.CancelAsync();
            await Task.WhenAll(threads.Where(t => t is not null)).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var worker in workers) worker.Feed.Dispose();
        }

        var flushed = await publisher.FlushAsync(flushTimeout);
        Console.WriteLine(flushed
            ? $"all {publisher.Delivered} messages acknowledged by the broker at {store.Broker.Host}:{store.Broker.Port}"
            : $"{publisher.Pending} messages still unacknowledged after {flushTimeout.TotalSeconds:0} s (broker {store.Broker.Host}:{store.Broker.Port} unreachable?)");
        return flushed ? 0 : 3;
    }

    private static CameraWorker CreateWorker(StoreConfig store, CameraConfig camera, CaptureOptions capture, BatchedDetector detector, IEventSink sink,
        MqttEventPublisher publisher, ILoggerFactory logging)
    {
        VideoSourceUri.TryParse(camera.Source, out var source, out _);
        var logger = logging.CreateLogger($"camera.{camera.Id}");
        var feed = new CameraFeed(camera.Id, source, new CameraFeedOptions { Capture = capture, Realtime = camera.Realtime, Loop = camera.Loop }, logger);
        var topic = MqttTopics.CameraStatus(store.TopicPrefix, store.StoreId, camera.Id);
        feed.StatusChanged += (_, status) => publisher.PublishTelemetry(topic, ContractJson.Serialize(new CameraStatusMessage(ContractVersion.Current,
            store.StoreId, camera.Id, EdgeStatsCollector.StateName(status.State), status.Reason, status.Since)), retain: true);
        var timings = new StageTimings();
        var client = detector.CreateClient(timings);
        // Frame times count from the feed's start; events carry wall-clock times from here.
        var streamStart = DateTimeOffset.UtcNow;
        return new CameraWorker(feed, format => new CameraPipeline(
            PipelineSettingsFactory.Camera(store, camera, format, streamStart, camera.DetectFps, 1), client, sink, timings), logger);
    }

    private static void PublishStats(StoreConfig store, EdgeStatsCollector stats, MqttEventPublisher publisher, ILogger logger)
    {
        var message = stats.Collect(DateTimeOffset.UtcNow);
        publisher.PublishTelemetry(MqttTopics.Stats(store.TopicPrefix, store.StoreId), ContractJson.Serialize(message), retain: false);
        foreach (var camera in message.Cameras)
            logger.LogInformation("Camera {Camera} {State}: {Fps:0.0} frames/s, {Detections:0.0} detections/s, inference {Inference:0.0} ms, {Dropped} dropped",
                camera.CameraId, camera.State, camera.FramesPerSecond, camera.DetectionsPerSecond, camera.InferenceMs, camera.DroppedFrames);
        logger.LogInformation("Outbox {Depth} waiting ({Bytes} bytes, oldest {Age} s), {Dropped} dropped when full",
            message.Outbox.Depth, message.Outbox.Bytes, message.Outbox.OldestAgeSeconds?.ToString("0.0") ?? "-", message.Outbox.DroppedOldest);
    }
}
