using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

public sealed class MemoryRealtimeStoreTests
{
    [Fact]
    public void SortedSetCountByScore_InclusiveBounds_EqualsTheRangeItCounts()
    {
        var store = new MemoryRealtimeStore();
        var random = new Random(7);
        for (var i = 0; i < 1_000; i++)
        {
            store.SortedSetAddIfGreater("z", "m" + (i % 700), random.Next(0, 500));
        }

        foreach (var (min, max) in new[] { (0d, 499d), (100d, 100d), (250d, double.PositiveInfinity), (double.NegativeInfinity, -1d), (10d, 5d) })
        {
            store.SortedSetCountByScore("z", min, max).ShouldBe(store.SortedSetRangeByScore("z", min, max).Count);
        }

        store.SortedSetCountByScore("z", double.NegativeInfinity, double.PositiveInfinity).ShouldBe(700);
        store.SortedSetCountByScore("missing", 0, 1).ShouldBe(0);
    }

    [Fact]
    public void SketchCount_UnionOfKeys_ExactWhileAllExactEstimateWithAHyperLogLog()
    {
        var store = new MemoryRealtimeStore();
        static ulong[] Hashes(int from, int to) => [.. Enumerable.Range(from, to - from).Select(i => FunnelSketches.Hash($"s{i}"))];
        store.SketchAdd("a", Hashes(0, 1_000));
        store.SketchAdd("b", Hashes(600, 2_000));
        store.SketchAdd("c", Hashes(1_500, 6_000)); // 4,500 > 2,048: a HyperLogLog

        store.SketchCount(["a", "b", "missing"]).ShouldBe(new DistinctCount(2_000, false));
        var all = store.SketchCount(["a", "c", "b"]);
        all.Approximate.ShouldBeTrue();
        ((double)all.Count).ShouldBeInRange(6_000 * 0.97, 6_000 * 1.03);
        store.SketchCount(["missing"]).ShouldBe(new DistinctCount(0, false));

        store.KeyDelete("c");
        store.SketchGet("c").ShouldBeNull();
        store.SketchCount(["a", "b", "c"]).ShouldBe(new DistinctCount(2_000, false));
        store.SketchBytes.ShouldBe((1_024 + 2_048) * 8L); // a: 1,000 hashes in 1,024 slots; b: 1,400 in 2,048
    }
}
