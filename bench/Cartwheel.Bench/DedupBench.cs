using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

namespace Cartwheel.Bench;

/// <summary>
/// The stream's per-record dedup work in isolation, CPU-µs per key, alternating the variants over rounds: the key hash
/// (SHA-256 through one reused OpenSSL context per thread, as before decision 49, against <see cref="DedupKey"/>'s
/// XXH128) of "events\0&lt;34-byte id&gt;\0", and the index's per-record work (a lookup of a new key, then its add
/// after the commit) in one hour bucket holding N keys (<c>HashSet&lt;UInt128&gt;</c> against <see cref="DedupKeySet"/>).
/// </summary>
internal static class DedupBench
{
    public static int Run(string[] args)
    {
        var keys = Option(args, "--keys", 2_000_000);
        var rounds = Option(args, "--rounds", 3);
        Console.WriteLine($"dedup: {keys:N0} keys, {rounds} rounds, load average {CpuClock.LoadAverage()}");
        var ids = Enumerable.Range(0, keys).Select(i => Encoding.UTF8.GetBytes($"evt_{i:x8}{new string('0', 22)}")).ToArray();
        var dedup = new DedupKey();
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var round = 1; round <= rounds; round++)
        {
            Measure($"round {round} hash SHA-256", keys, () =>
            {
                Span<byte> text = stackalloc byte[64];
                Span<byte> hash = stackalloc byte[32];
                UInt128 sum = 0;
                foreach (var id in ids)
                {
                    "events\0"u8.CopyTo(text);
                    id.CopyTo(text[7..]);
                    text[7 + id.Length] = 0;
                    sha256.AppendData(text[..(8 + id.Length)]);
                    sha256.GetHashAndReset(hash);
                    sum += BinaryPrimitives.ReadUInt128LittleEndian(hash);
                }

                return sum;
            });
            Measure($"round {round} hash XXH128 (DedupKey)", keys, () =>
            {
                UInt128 sum = 0;
                foreach (var id in ids)
                {
                    sum += dedup.For(EntityKind.Events, id, "{}"u8);
                }

                return sum;
            });
            var hashed = ids.Select(id => dedup.For(EntityKind.Events, id, "{}"u8)).ToArray();
            Measure($"round {round} index HashSet<UInt128>", keys, () =>
            {
                var set = new HashSet<UInt128>();
                UInt128 found = 0;
                foreach (var key in hashed)
                {
                    found += set.Contains(key) ? 1u : 0u;
                    set.Add(key);
                }

                return found;
            });
            Measure($"round {round} index DedupKeySet", keys, () =>
            {
                var set = new DedupKeySet();
                UInt128 found = 0;
                foreach (var key in hashed)
                {
                    found += set.Contains(key) ? 1u : 0u;
                    set.Add(key);
                }

                return found;
            });
        }

        return 0;
    }

    private static void Measure(string name, int keys, Func<UInt128> work)
    {
        var clock = CpuClock.Start();
        var result = work();
        var (wall, cpu) = clock.Elapsed();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-40} {cpu * 1e6 / keys,7:F3} CPU-µs/key  {wall:F2} s wall  (check {result % 1000})"));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
