using System.Runtime.InteropServices;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// ZSTD compression of Parquet pages with a reused context: the system's libzstd when it can be loaded (on Debian it
/// always can: dpkg pre-depends on libzstd1), else the managed port ZstdSharp (same format, somewhat slower). One
/// instance per thread.
/// </summary>
internal sealed partial class ZstdCompressor : IDisposable
{
    private const string Library = ZstdLibrary.Name;

    private readonly int _level;
    private readonly nint _context;
    private readonly ZstdSharp.Compressor? _managed;

    /// <param name="managed">Use the managed port even where libzstd is present (tests of the fallback).</param>
    public ZstdCompressor(int level, bool managed = false)
    {
        _level = level;
        if (ZstdLibrary.Available && !managed)
        {
            _context = CreateContext();
        }
        else
        {
            _managed = new ZstdSharp.Compressor(level);
        }
    }

    /// <summary>Whether the native library is used (for the benchmark's record).</summary>
    public static bool IsNative => ZstdLibrary.Available;

    /// <summary>The largest compressed size of <paramref name="length"/> input bytes.</summary>
    public static int Bound(int length) => length + (length >> 8) + (length < 128 * 1024 ? (128 * 1024 - length) >> 11 : 0) + 64;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> (at least <see cref="Bound"/> long); returns the compressed length.</summary>
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (_managed is not null)
        {
            return _managed.Wrap(source, destination);
        }

        var written = CompressContext(_context, destination, (nuint)destination.Length, source, (nuint)source.Length, _level);
        if (ZstdLibrary.IsError(written) != 0)
        {
            throw new InvalidOperationException($"ZSTD compression failed (code {written}).");
        }

        return (int)written;
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            _ = FreeContext(_context);
        }

        _managed?.Dispose();
    }

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    private static partial nint CreateContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    private static partial nuint FreeContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressCCtx")]
    private static partial nuint CompressContext(nint context, Span<byte> destination, nuint capacity, ReadOnlySpan<byte> source, nuint length, int level);
}
