using RetailVision.Contracts;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class LineCrossingCounterTests
{
    // A→B points along +x, so its right-hand side (in) is below it on screen: y > 100. Band ±5 px.
    private static readonly CountingLine Door = new("door", "Door", new PointF(100, 100), new PointF(300, 100), 5);

    private static TrackedPerson At(int id, float x, float y) => new(id, new BoundingBox(x - 15, y - 80, 30, 80), 0.9f, false);

    /// <summary>Feeds one foot point per frame at 10 fps for one person; returns the crossings.</summary>
    private static (List<LineCrossing> Crossings, LineCrossingCounter Counter) Walk(params (float X, float Y)[] feet)
    {
        var counter = new LineCrossingCounter([Door]);
        var crossings = new List<LineCrossing>();
        for (var i = 0; i < feet.Length; i++) counter.Update([At(3, feet[i].X, feet[i].Y)], i / 10.0, crossings);
        return (crossings, counter);
    }

    [Fact]
    public void Walking_from_the_left_to_the_right_hand_side_of_A_to_B_is_one_in_at_the_frame_beyond_the_band()
    {
        var (crossings, counter) = Walk((200, 80), (200, 90), (200, 97), (200, 103), (200, 110), (200, 120));

        Assert.Equal([new LineCrossing("door", 3, LineDirection.In, 0.4)], crossings);
        Assert.Equal((1, 0), (counter.In(0), counter.Out(0)));
    }

    [Fact]
    public void Walking_the_other_way_is_one_out()
    {
        var (crossings, counter) = Walk((150, 130), (150, 110), (150, 100), (150, 90), (150, 70));

        Assert.Equal([new LineCrossing("door", 3, LineDirection.Out, 0.3)], crossings);
        Assert.Equal((0, 1), (counter.In(0), counter.Out(0)));
    }

    [Fact]
    public void Jitter_across_the_line_within_the_band_counts_nothing()
    {
        var (crossings, _) = Walk((200, 80), (200, 96), (200, 104), (200, 96), (200, 104), (200, 95.5f), (200, 104.5f), (200, 90));

        Assert.Empty(crossings);
    }

    [Fact]
    public void Crossing_lingering_on_the_line_and_crossing_back_is_one_in_and_one_out()
    {
        var feet = new List<(float, float)> { (200, 80), (200, 110) };                  // in
        for (var i = 0; i < 30; i++) feet.Add((200, i % 2 == 0 ? 97 : 103));           // 3 s of dithering on the line
        feet.Add((200, 80));                                                            // back out

        var (crossings, counter) = Walk([.. feet]);

        Assert.Equal([LineDirection.In, LineDirection.Out], crossings.Select(c => c.Direction));
        Assert.Equal(3.2, crossings[1].AtSeconds, 1e-9);
        Assert.Equal((1, 1), (counter.In(0), counter.Out(0)));
    }

    [Fact]
    public void Crossing_the_infinite_line_beyond_the_segment_s_ends_counts_nothing()
    {
        Assert.Empty(Walk((50, 80), (50, 120)).Crossings);   // 50 px before A
        Assert.Empty(Walk((350, 120), (350, 80)).Crossings); // 50 px past B
        Assert.Single(Walk((97, 80), (97, 120)).Crossings);  // within the margin of the band's width
    }

    [Fact]
    public void An_oblique_crossing_is_placed_where_the_path_meets_the_line_not_where_it_leaves_the_band()
    {
        // From (280, 90) to (320, 110): meets the line at x 300, B itself, though it ends 20 px past B.
        Assert.Single(Walk((280, 90), (320, 110)).Crossings);
        // From (300, 90) to (340, 110): meets it at x 320, past B and its margin.
        Assert.Empty(Walk((300, 90), (340, 110)).Crossings);
    }

    [Fact]
    public void Two_people_crossing_each_other_are_each_counted_once_in_their_own_direction()
    {
        var counter = new LineCrossingCounter([Door]);
        var crossings = new List<LineCrossing>();
        for (var i = 0; i <= 10; i++)
        {
            var y = 60 + 8f * i; // 60 → 140 and back the other way
            counter.Update([At(1, 200, y), At(2, 205, 200 - y)], i / 10.0, crossings);
        }

        Assert.Equal(2, crossings.Count);
        Assert.Contains(new LineCrossing("door", 1, LineDirection.In, 0.6), crossings);
        Assert.Contains(new LineCrossing("door", 2, LineDirection.Out, 0.6), crossings);
    }

    [Fact]
    public void A_person_unseen_for_longer_than_the_memory_is_not_counted_on_reappearing_across()
    {
        var counter = new LineCrossingCounter([Door], forgetAfterSeconds: 1);
        var crossings = new List<LineCrossing>();
        counter.Update([At(1, 200, 80)], 0, crossings);
        counter.Update([], 0.5, crossings);
        counter.Update([], 1.5, crossings);
        counter.Update([At(1, 200, 120)], 1.6, crossings);

        Assert.Empty(crossings);
    }

    [Fact]
    public void A_line_whose_ends_coincide_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LineCrossingCounter([Door with { B = Door.A }]));
    }
}
