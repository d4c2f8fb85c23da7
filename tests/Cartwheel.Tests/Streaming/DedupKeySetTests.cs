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
}
