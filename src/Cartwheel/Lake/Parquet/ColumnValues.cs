using System.Buffers.Binary;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The decoded values of one column chunk: per row either a byte-array value (a slice of a page or dictionary
/// buffer) or an INT64, and whether it is null. Slices point into the decompressed pages, so nothing is copied.
/// </summary>
internal sealed class ColumnValues(int count)
{
    public int Count { get; } = count;

    /// <summary>The buffer holding each row's byte-array value; null for a null value (and for INT64 columns).</summary>
    public byte[]?[] Arrays { get; } = new byte[]?[count];

    public int[] Offsets { get; } = new int[count];

    public int[] Lengths { get; } = new int[count];

    public long[] Int64 { get; } = new long[count];

    public bool[] Nulls { get; } = new bool[count];

    public ReadOnlySpan<byte> Bytes(int row) => Arrays[row].AsSpan(Offsets[row], Lengths[row]);

    /// <summary>Sets a row from a PLAIN BYTE_ARRAY (length-prefixed) value at <paramref name="at"/>; returns the position after it.</summary>
    public int SetBytes(int row, byte[] buffer, int at, int end)
    {
        if (at + 4 > end)
        {
            throw new InvalidDataException("Parquet BYTE_ARRAY value runs past its page.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at));
        if (length < 0 || at + 4 + length > end)
        {
            throw new InvalidDataException("Parquet BYTE_ARRAY value runs past its page.");
        }

        Arrays[row] = buffer;
        Offsets[row] = at + 4;
        Lengths[row] = length;
        return at + 4 + length;
    }
}
