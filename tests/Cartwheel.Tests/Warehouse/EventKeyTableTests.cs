using System.Text;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Tests.Warehouse;

/// <summary><see cref="EventKeyTable"/> against a dictionary of strings: the same keys found, the same first copies kept.</summary>
public sealed class EventKeyTableTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryAdd_ManyKeysRepeated_KeepsTheFirstCopyOfEachLikeADictionary(bool collide)
    {
        // Sized far too small: the index and the entries grow many times; with every hash equal, all keys collide.
        var table = new EventKeyTable(expected: 4);
        var reference = new Dictionary<string, (long, int, long)>(StringComparer.Ordinal);
        var random = new Random(7);
        var firsts = 0;
        for (var i = 0; i < (collide ? 3_000 : 200_000); i++)
        {
            var key = random.Next(4) switch
            {
                0 => $"e_{random.Next(50_000):x8}",
                1 => new string('k', random.Next(0, 40)),
                2 => $"café-{random.Next(1_000)}",
                _ => $"e_{random.Next(50_000):x8}{new string('x', random.Next(300))}",
            };
            var bytes = Encoding.UTF8.GetBytes(key);
            var copy = ((long)i, i % 7, (long)(i * 3));
            var added = table.TryAdd(bytes, collide ? 42 : EventKeyTable.Hash(bytes), copy, out var kept);

            added.ShouldBe(reference.TryAdd(key, copy), key);
            if (added)
            {
                firsts++;
            }
            else
            {
                kept.ShouldBe(reference[key], key);
            }
        }

        table.Count.ShouldBe(reference.Count);
        table.Count.ShouldBe(firsts);
    }

    [Fact]
    public void TryAdd_KeyLongerThanABlock_IsStoredWhole()
    {
        var table = new EventKeyTable(expected: 2);
        var big = Encoding.UTF8.GetBytes(new string('b', 3 << 20));
        var other = Encoding.UTF8.GetBytes(new string('b', (3 << 20) - 1) + "c");

        table.TryAdd(big, EventKeyTable.Hash(big), (1, 0, 1), out _).ShouldBeTrue();
        table.TryAdd(other, EventKeyTable.Hash(big), (2, 0, 2), out _).ShouldBeTrue();
        table.TryAdd(big, EventKeyTable.Hash(big), (3, 0, 3), out var kept).ShouldBeFalse();

        kept.ShouldBe((1L, 0, 1L));
    }
}
