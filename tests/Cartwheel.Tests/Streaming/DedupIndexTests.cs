using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>The dedup index's hour buckets: lookups over all of them, order kept when an older hour arrives late, expiry and eviction.</summary>
public sealed class DedupIndexTests
{
    private static readonly DateTime Day = new(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Add_LateOlderHour_KeptInOrder_ExpiresOldestBucketsFirst()
    {
        var index = new DedupIndex(TimeSpan.FromHours(2), maxKeys: 100);
        index.Add(1, Day.AddHours(10.5));
        index.Add(2, Day.AddHours(12).AddMinutes(10));
        index.Add(3, Day.AddHours(11).AddMinutes(5));
        index.Add(3, Day.AddHours(11).AddMinutes(6));

        index.Count.ShouldBe(3);
        index.Buckets.ShouldBe(3);
        new UInt128[] { 1, 2, 3, 4 }.Select(index.Contains).ShouldBe([true, true, true, false]);
        index.BeyondHorizon(Day.AddHours(10).AddMinutes(9)).ShouldBeTrue();
        index.BeyondHorizon(Day.AddHours(10).AddMinutes(11)).ShouldBeFalse();

        // The newest time moves to 13:20: hour 10 ends before 11:20 and goes; hour 11 overlaps the horizon and stays.
        index.Add(4, Day.AddHours(13).AddMinutes(20));
        index.Buckets.ShouldBe(3);
        index.Count.ShouldBe(3);
        new UInt128[] { 1, 2, 3, 4 }.Select(index.Contains).ShouldBe([false, true, true, true]);
        index.Evictions.ShouldBe(0);

        // Beyond the horizon: neither remembered nor counted.
        index.Add(5, Day.AddHours(11));
        index.Contains(5).ShouldBeFalse();
        index.Count.ShouldBe(3);
    }

    [Fact]
    public void Add_OverMaxKeys_DropsTheOldestBucket_CountsAnEviction()
    {
        var index = new DedupIndex(TimeSpan.FromDays(1), maxKeys: 3);
        index.Add(1, Day.AddHours(11));
        index.Add(2, Day.AddHours(11.5));
        index.Add(3, Day.AddHours(12));
        index.Add(4, Day.AddHours(12.5));

        index.Count.ShouldBe(2);
        index.Buckets.ShouldBe(1);
        index.Evictions.ShouldBe(1);
        new UInt128[] { 1, 2, 3, 4 }.Select(index.Contains).ShouldBe([false, false, true, true]);
    }
}
