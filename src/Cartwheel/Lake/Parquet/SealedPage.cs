namespace Cartwheel.Lake.Parquet;

/// <summary>An uncompressed data page body (levels and values) in a pooled array, with its value and null counts.</summary>
internal readonly record struct SealedPage(byte[] Buffer, int Offset, int Length, int Values, int Nulls)
{
    public ReadOnlySpan<byte> Body => Buffer.AsSpan(Offset, Length);
}
