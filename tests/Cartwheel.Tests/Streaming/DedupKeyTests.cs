using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>Dedup keys are SHA-256 of "kind\0id\0version", the same on every thread that computes them.</summary>
public sealed class DedupKeyTests
{
    [Fact]
    public void For_ManyThreads_EqualsSha256OfKindIdVersion()
    {
        using var keys = new DedupKey();
        var ids = Enumerable.Range(0, 2_000).Select(i => $"evt-{i}-{new string('x', i % 700)}").ToArray();
        var expected = ids.Select(id => BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"events\0{id}\0")))).ToArray();

        var actual = new UInt128[ids.Length];
        Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken },
            i => actual[i] = keys.For(EntityKind.Events, Encoding.UTF8.GetBytes(ids[i]), "{}"u8));

        actual.ShouldBe(expected);
    }
}
