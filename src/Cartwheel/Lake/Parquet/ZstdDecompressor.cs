using System.Runtime.InteropServices;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// ZSTD decompression of Parquet pages with a reused context, the counterpart of <see cref="ZstdCompressor"/>: the
/// system's libzstd when it can be loaded, else the managed port ZstdSharp. One instance per thread.
/// </summary>
internal sealed partial class ZstdDecompressor : IDisposable
{
    private const string Library = ZstdLibrary.Name;

    private readonly nint _context;
    private readonly ZstdSharp.Decompressor? _managed;

    /// <param name="managed">Use the managed port even where libzstd is present (tests of the fallback).</param>
    public ZstdDecompressor(bool managed = false)
    {
        if (ZstdLibrary.Available && !managed)
        {
            _context = CreateContext();
        }
        else
        {
            _managed = new ZstdSharp.Decompressor();
        }
    }

    /// <summary>Decompresses <paramref name="source"/> into <paramref name="destination"/>, which must be exactly the uncompressed size.</summary>
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = _managed is not null
            ? (nuint)_managed.Unwrap(source, destination)
            : DecompressContext(_context, destination, (nuint)destination.Length, source, (nuint)source.Length);
        if (_managed is null && ZstdLibrary.IsError(written) != 0)
        {
            throw new InvalidDataException($"ZSTD decompression failed (code {written}).");
        }

        if (written != (nuint)destination.Length)
        {
            throw new InvalidDataException($"ZSTD page decompressed to {written} bytes, its header says {destination.Length}.");
        }
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            _ = FreeContext(_context);
        }

        _managed?.Dispose();
    }

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    private static partial nint CreateContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    private static partial nuint FreeContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    private static partial nuint DecompressContext(nint context, Span<byte> destination, nuint capacity, ReadOnlySpan<byte> source, nuint length);
}
