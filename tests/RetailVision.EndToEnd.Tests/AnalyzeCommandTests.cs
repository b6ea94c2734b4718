using RetailVision.Tests.Shared;
using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Contracts;
using RetailVision.Edge.Cli.Commands;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;

namespace RetailVision.EndToEnd.Tests;

/// <summary><c>analyze</c> on the first 150 frames of the real vtest.avi, as a user would run it.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rv-analyze-").FullName;

    [Fact]
    public void Writes_tracks_events_and_a_heatmap_for_the_first_150_frames()
    {
        var events = Path.Combine(_dir, "events.jsonl");
        var tracks = Path.Combine(_dir, "tracks.txt");
        var heatmap = Path.Combine(_dir, "heatmap.png");
        var occupancy = Path.Combine(_dir, "occupancy.csv");
        var start = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        var exit = AnalyzeCommand.Run(NullLoggerFactory.Instance, new AnalyzeRequest(
            TestRepository.VtestVideo, TestRepository.DemoStoreConfig, null, events, tracks, heatmap, "1-150", "416x416", 0, start)
        {
            OccupancyOut = occupancy,
        });

        Assert.Equal(0, exit);
        var rows = MotFile.Read(tracks);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.InRange(r.Frame, 1, 150));
        Assert.True(rows.Select(r => r.Frame).Distinct().Count() > 140, "people are tracked on nearly every frame");
        Assert.True(rows.Select(r => r.Id).Distinct().Count() >= 4, "several people are tracked");

        var store = StoreConfigLoader.Load(TestRepository.DemoStoreConfig);
        var zoneIds = store.Cameras[0].Zones.Select(z => z.Id).ToHashSet();
        var lineIds = store.Cameras[0].Lines.Select(l => l.Id).ToHashSet();
        var parsed = File.ReadAllLines(events).Select(line =>
        {
            var result = ContractValidator.ValidateEvent(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(line)), store.StoreId, "forecourt");
            Assert.True(result.IsValid, result.Error);
            return result.Value!;
        }).ToList();
        Assert.Contains(parsed, e => e.Kind == DecisionPointKind.ZoneEnter);
        Assert.Contains(parsed, e => e.Kind == DecisionPointKind.ZoneExit);
        Assert.All(parsed, e => Assert.Contains(e.ZoneId, e.Kind == DecisionPointKind.LineCross ? lineIds : zoneIds));
        Assert.All(parsed.Where(e => e.Kind == DecisionPointKind.ZoneExit), e => Assert.NotNull(e.DwellClass));
        // 150 frames at the container's 10 fps: every time lies within the 15 s of video after the start time.
        Assert.All(parsed, e => Assert.InRange(e.Timestamp, start, start.AddSeconds(15.1)));
        // Every visit that was entered is closed exactly once by the end of the stream.
        var enters = parsed.Where(e => e.Kind == DecisionPointKind.ZoneEnter).Select(e => (e.ZoneId, e.TrackId, e.EnteredAt)).ToList();
        var exits = parsed.Where(e => e.Kind == DecisionPointKind.ZoneExit).Select(e => (e.ZoneId, e.TrackId, e.EnteredAt)).ToList();
        Assert.Equal(enters.OrderBy(x => x.ToString()), exits.OrderBy(x => x.ToString()));

        // 15 s of video in 10 s buckets: two buckets per zone, and people were in the zones.
        var buckets = File.ReadAllLines(occupancy).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(2 * zoneIds.Count, buckets.Count);
        Assert.Contains(buckets, b => double.Parse(b[3], System.Globalization.CultureInfo.InvariantCulture) > 0);

        using var image = Cv2.ImRead(heatmap);
        Assert.Equal(new Size(768, 576), image.Size());
    }

    [Fact]
    public void A_missing_video_is_a_clear_error()
    {
        var ex = Assert.ThrowsAny<Exception>(() => AnalyzeCommand.Run(NullLoggerFactory.Instance, new AnalyzeRequest(
            Path.Combine(_dir, "missing.avi"), TestRepository.DemoStoreConfig, null, "e", "t", "h", null, null, 0, DateTimeOffset.UtcNow)));
        Assert.Contains("missing.avi", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void A_corrupt_video_is_a_clear_error()
    {
        var corrupt = Path.Combine(_dir, "corrupt.avi");
        File.WriteAllBytes(corrupt, "RIFF....AVI this is not a video"u8.ToArray());
        var ex = Assert.Throws<IOException>(() => AnalyzeCommand.Run(NullLoggerFactory.Instance, new AnalyzeRequest(
            corrupt, TestRepository.DemoStoreConfig, null, Path.Combine(_dir, "e"), Path.Combine(_dir, "t"), Path.Combine(_dir, "h.png"), null, null, 0, DateTimeOffset.UtcNow)));
        Assert.Contains("corrupt.avi", ex.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
