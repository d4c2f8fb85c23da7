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
}
