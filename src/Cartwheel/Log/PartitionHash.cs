using System.Text;

namespace Cartwheel.Log;

/// <summary>
/// Maps a key to a partition with 32-bit FNV-1a over its UTF-8 bytes: stable across processes, runs and
/// .NET versions (unlike <see cref="string.GetHashCode()"/>, which is randomised per process).
/// </summary>
internal static class PartitionHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Fnv1a(string key)
    {
        var hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(key.Length) <= buffer.Length ? buffer : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        foreach (var b in bytes[..length])
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }

    public static int For(string key, int partitions) => (int)(Fnv1a(key) % (uint)partitions);
}
