using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Models;

namespace RetailVision.Edge.Cli.Commands;

/// <summary>
/// <c>run</c>: every camera of a store configuration, live, publishing events to the aggregator's broker. Live cameras
/// that stop are reopened with exponential backoff; file sources end at their last frame, and the command exits once
/// every camera has ended and every event has been acknowledged by the broker.
/// </summary>
public static class RunCommand
{
    private static readonly TimeSpan MaxReopenDelay = TimeSpan.FromSeconds(30);

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
        var model = DetectorModel.Resolve(size, logger);

        // Events wait in a file beside the store's configuration until the broker acknowledges them, across restarts.
        using var outbox = new EventOutbox(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "data", store.StoreId, "outbox.db"), logging.CreateLogger("outbox"));
        await using var publisher = new MqttEventPublisher(store, outbox, logging.CreateLogger("mqtt"));
        // The audit copy is written after the outbox has the event, so every line names an event that will be delivered.
        using var audit = eventsOut is null ? null : new JsonLinesEventWriter(eventsOut, append: true);
        IEventSink sink = audit is null ? publisher : new EventSinks(publisher, audit);
        var cameras = new Task<CameraReport>[store.Cameras.Length];
        for (var i = 0; i < cameras.Length; i++)
        {
            var camera = store.Cameras[i];
            cameras[i] = Task.Factory.StartNew(() => RunCamera(store, camera, model, sink, logging.CreateLogger($"camera.{camera.Id}"), token),
                token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        var reports = await Task.WhenAll(cameras);
        foreach (var r in reports)
            Console.WriteLine($"camera {r.CameraId}: {r.Frames} frames, {r.Detections} detector runs, {r.Events} events");

        var flushed = await publisher.FlushAsync(flushTimeout);
        Console.WriteLine(flushed
            ? $"all {publisher.Delivered} messages acknowledged by the broker at {store.Broker.Host}:{store.Broker.Port}"
            : $"{publisher.Pending} messages still unacknowledged after {flushTimeout.TotalSeconds:0} s (broker {store.Broker.Host}:{store.Broker.Port} unreachable?)");
        return flushed ? 0 : 3;
    }

    private static CameraReport RunCamera(StoreConfig store, CameraConfig camera, PreparedModel model, IEventSink sink, ILogger logger, CancellationToken token)
    {
        VideoSourceUri.TryParse(camera.Source, out var sourceUri, out _);
        var settings = PipelineSettingsFactory.Detector(store.Detector, model);
        // Cameras share the cores: one inference thread each keeps them from fighting.
        if (store.Cameras.Length > 1 && store.Detector.Threads == 0) settings = settings with { IntraOpThreads = 1 };
        using var detector = new PersonDetector(model.OnnxPath, settings, logger);
        var report = new CameraReport(camera.Id, 0, 0, 0);
        var reopenDelay = TimeSpan.FromSeconds(1);
        using var frame = new Mat();
        while (!token.IsCancellationRequested)
        {
            VideoFrameSource source;
            try
            {
                source = VideoFrameSource.Open(sourceUri);
            }
            catch (IOException ex) when (sourceUri.IsLive)
            {
                logger.LogWarning("Camera {Camera} unavailable ({Reason}); retrying in {Delay:0} s", camera.Id, ex.Message, reopenDelay.TotalSeconds);
                token.WaitHandle.WaitOne(reopenDelay);
                reopenDelay = TimeSpan.FromTicks(Math.Min(reopenDelay.Ticks * 2, MaxReopenDelay.Ticks));
                continue;
            }
            using (source)
            {
                var pipeline = new CameraPipeline(PipelineSettingsFactory.Camera(store, camera, source, DateTimeOffset.UtcNow, camera.DetectFps, 1), detector, sink);
                logger.LogInformation("Camera {Camera} streaming {Source} ({Width}x{Height}) on {Provider}", camera.Id, sourceUri, source.Width, source.Height, detector.ExecutionProvider);
                reopenDelay = TimeSpan.FromSeconds(1);
                var clock = Stopwatch.StartNew();
                // A looped file keeps one pipeline and one clock: each pass continues where the previous one ended.
                var offset = 0.0;
                var last = 0.0;
                var current = source;
                try
                {
                    while (!token.IsCancellationRequested)
                    {
                        if (!current.Read(frame, out var timestamp))
                        {
                            if (!camera.Loop || sourceUri.IsLive || pipeline.FramesProcessed == 0) break;
                            if (current != source) current.Dispose();
                            current = VideoFrameSource.Open(sourceUri);
                            offset = last + 1 / source.FramesPerSecond;
                            continue;
                        }
                        last = timestamp + offset;
                        if (camera.Realtime && !sourceUri.IsLive) PaceTo(clock, last, token);
                        pipeline.Process(frame, last);
                    }
                }
                finally
                {
                    if (current != source) current.Dispose();
                }
                pipeline.Complete();
                report = report with
                {
                    Frames = report.Frames + pipeline.FramesProcessed,
                    Detections = report.Detections + pipeline.DetectionsRun,
                    Events = report.Events + pipeline.EventsPublished,
                };
            }
            if (!sourceUri.IsLive) break;
            logger.LogWarning("Camera {Camera} stopped delivering frames; reopening", camera.Id);
        }
        return report;
    }

    // A file played "live" waits until its frame's time has come, like a camera would deliver it.
    private static void PaceTo(Stopwatch clock, double timestampSeconds, CancellationToken token)
    {
        var wait = timestampSeconds - clock.Elapsed.TotalSeconds;
        if (wait > 0) token.WaitHandle.WaitOne(TimeSpan.FromSeconds(wait));
    }

    private sealed record CameraReport(string CameraId, int Frames, int Detections, int Events);
}
