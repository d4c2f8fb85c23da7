using System.Text;
using Cartwheel.Lake.Parquet;

namespace Cartwheel.Tests.Lake;

public sealed class ZstdCompressorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compress_NativeOrManaged_DecompressesToTheSameBytes(bool managed)
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $$"""{"event_id":"e{{i}}","n":{{i * 7 % 13}}}""" + "\n")));
        using var zstd = new ZstdCompressor(1, managed);
        var output = new byte[ZstdCompressor.Bound(input.Length)];

        var length = zstd.Compress(input, output);

        length.ShouldBeLessThan(input.Length / 4);
        using var decompressor = new ZstdSharp.Decompressor();
        decompressor.Unwrap(output.AsSpan(0, length)).ToArray().ShouldBe(input);
    }

    [Fact]
    public void Compress_Native_AvailableOnLinux()
    {
        // Debian's dpkg pre-depends on libzstd1, so the native path is the one used on the supported machines.
        ZstdCompressor.IsNative.ShouldBe(OperatingSystem.IsLinux());
    }
}
