using System.Runtime.InteropServices;

namespace Cartwheel.Lake.Parquet;

/// <summary>The system's libzstd, shared by <see cref="ZstdCompressor"/> and <see cref="ZstdDecompressor"/>.</summary>
internal static partial class ZstdLibrary
{
    public const string Name = "libzstd.so.1";

    /// <summary>Whether libzstd can be loaded (on Debian it always can: dpkg pre-depends on libzstd1).</summary>
    public static readonly bool Available = OperatingSystem.IsLinux() && NativeLibrary.TryLoad(Name, out _);

    [LibraryImport(Name, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);
}
