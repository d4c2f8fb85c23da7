using System.IO.Hashing;
using System.Text;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>Dedup keys are XXH128 of "kind\0id\0version" with the instance's seed, the same on every thread that computes them.</summary>
public sealed class DedupKeyTests
{
    [Fact]
    public void For_ManyThreads_EqualsXxHash128OfKindIdVersion()
    {
        var keys = new DedupKey();
        var ids = Enumerable.Range(0, 2_000).Select(i => $"evt-{i}-{new string('x', i % 700)}").ToArray();
        var expected = ids.Select(id => XxHash128.HashToUInt128(Encoding.UTF8.GetBytes($"events\0{id}\0"), keys.Seed)).ToArray();

        var actual = new UInt128[ids.Length];
        Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken },
            i => actual[i] = keys.For(EntityKind.Events, Encoding.UTF8.GetBytes(ids[i]), "{}"u8));

        actual.ShouldBe(expected);
    }

    [Fact]
    public void For_TwoInstances_DrawDifferentSeeds()
    {
        var first = new DedupKey();
        var second = new DedupKey();

        first.Seed.ShouldNotBe(second.Seed);
        first.For(EntityKind.Events, "e1"u8, "{}"u8).ShouldNotBe(second.For(EntityKind.Events, "e1"u8, "{}"u8));
    }
}
