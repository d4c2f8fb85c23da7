using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>The dedup index's open-addressing key set answers as a <see cref="HashSet{T}"/> of the same keys does.</summary>
public sealed class DedupKeySetTests
{
    [Fact]
    public void AddContains_RandomKeysRepeatsAndZero_EqualHashSet()
    {
        var random = new Random(7);
        var set = new DedupKeySet();
        var expected = new HashSet<UInt128>();
        // Random 128-bit keys, repeats of earlier ones, small keys (low bits only) and keys equal in their low half.
        var keys = new List<UInt128>();
        for (var i = 0; i < 300_000; i++)
        {
            var key = (i % 10) switch
            {
                0 when keys.Count > 0 => keys[random.Next(keys.Count)],
                1 => (UInt128)(ulong)random.Next(1_000),
                2 => new UInt128((ulong)random.Next(1_000), 42),
                3 when i % 1000 == 3 => UInt128.Zero,
                _ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()),
            };
            keys.Add(key);
            set.Add(key).ShouldBe(expected.Add(key));
        }

        set.Count.ShouldBe(expected.Count);
        keys.All(set.Contains).ShouldBeTrue();
        var absent = Enumerable.Range(0, 100_000).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToList();
        absent.Select(set.Contains).ShouldBe(absent.Select(expected.Contains));
    }

    [Fact]
    public void Contains_Empty_FalseForZeroAndOthers()
    {
        var set = new DedupKeySet();

        (set.Contains(UInt128.Zero), set.Contains(1), set.Count).ShouldBe((false, false, 0));
    }

    [Fact]
    public void ReleasedBytes_AreTheOutgrownArrays_EverySegmentFromItsFirstEightSlots()
    {
        var set = new DedupKeySet();
        var random = new Random(3);
        for (var i = 0; i < 300_000; i++)
        {
            set.Add(new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()));
        }

        // A segment doubling from 8 slots to S has released 8 + 16 + … + S/2 = S - 8 slots of 16 bytes.
        set.ReleasedBytes.ShouldBe(set.Bytes - (256 * 8 * 16));
        set.Bytes.ShouldBeGreaterThanOrEqualTo(300_000 * 16L * 4 / 3);
    }

    [Fact]
    public void DedupIndex_AsksForACollection_PerReleasedChunk()
    {
        var index = new DedupIndex(TimeSpan.FromHours(24), 10_000_000, sealAtKeys: int.MaxValue);
        var time = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var random = new Random(5);
        var set = new DedupKeySet();
        for (var i = 0; i < 3_000_000; i++)
        {
            var key = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            index.Add(key, time);
            set.Add(key);
        }

        index.Count.ShouldBe(3_000_000);
        index.Collections.ShouldBe(set.ReleasedBytes / DedupIndex.CollectAfterBytes);
    }

    [Fact]
    public void DedupIndex_ABusyHour_IsSealedIntoBuckets_SoTheCapBindsWithinIt()
    {
        var index = new DedupIndex(TimeSpan.FromHours(24), maxKeys: 10, sealAtKeys: 4);
        var time = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var keys = Enumerable.Range(1, 25).Select(i => (UInt128)(ulong)i).ToList();
        foreach (var key in keys)
        {
            index.Add(key, time.AddSeconds((int)key));
            index.Count.ShouldBeLessThanOrEqualTo(10);
        }

        // The newest keys are all remembered, the oldest forgotten a whole bucket at a time.
        var held = (int)index.Count;
        held.ShouldBeGreaterThan(10 - 4);
        keys.Skip(25 - held).ShouldAllBe(k => index.Contains(k));
        keys.Take(25 - held).ShouldAllBe(k => !index.Contains(k));
        index.Buckets.ShouldBe((held + 3) / 4);
        index.Evictions.ShouldBeGreaterThan(0);
    }
}
