using System.Buffers;
using System.Buffers.Binary;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The rows of a column chunk that a <see cref="DictionaryPageBuilder"/> encoded: the dictionary page body (PLAIN
/// entries), the entries' indices and the rows' definition levels, in pooled arrays given back by
/// <see cref="WriteTo"/>. Written on the file thread, where the indices are bit-packed.
/// </summary>
internal sealed record DictionaryChunkPart(byte[] Dictionary, int DictionaryLength, int Entries, int[] Indices, int IndexCount,
    byte[] Levels, int Values, int Nulls)
{
    /// <summary>
    /// Adds the dictionary page and the data page of indices to <paramref name="column"/>'s chunk in the current row
    /// group; rows that are all NULL get a PLAIN page of levels only (no dictionary page of no entries).
    /// </summary>
    public void WriteTo(ParquetFileWriter file, int column)
    {
        if (Entries > 0)
        {
            file.AddDictionaryPage(column, new SealedPage(Dictionary, 0, DictionaryLength, Entries, 0));
        }
        else
        {
            ArrayPool<byte>.Shared.Return(Dictionary);
        }

        file.AddPage(column, DataPage(), dictionaryIndices: Entries > 0);
    }

    /// <summary>
    /// The data page body: the levels (length-prefixed RLE runs), then the bit width and the indices as one
    /// bit-packed run of the RLE/bit-packed hybrid (groups of eight, the last padded with zeros).
    /// </summary>
    private SealedPage DataPage()
    {
        try
        {
            var width = Entries <= 1 ? 1 : 32 - int.LeadingZeroCount(Entries - 1);
            var groups = (IndexCount + 7) / 8;
            var body = ArrayPool<byte>.Shared.Rent(4 + Levels.Length + 1 + 5 + groups * width);
            BinaryPrimitives.WriteInt32LittleEndian(body, Levels.Length);
            Levels.CopyTo(body.AsSpan(4));
            var at = 4 + Levels.Length;
            if (Entries == 0)
            {
                return new SealedPage(body, 0, at, Values, Nulls);
            }

            body[at++] = (byte)width;
            for (var header = ((uint)groups << 1) | 1; ; header >>= 7)
            {
                if (header < 0x80)
                {
                    body[at++] = (byte)header;
                    break;
                }

                body[at++] = (byte)(header | 0x80);
            }

            ulong bits = 0;
            var count = 0;
            for (var i = 0; i < groups * 8; i++)
            {
                bits |= (ulong)(uint)(i < IndexCount ? Indices[i] : 0) << count;
                count += width;
                while (count >= 8)
                {
                    body[at++] = (byte)bits;
                    bits >>= 8;
                    count -= 8;
                }
            }

            return new SealedPage(body, 0, at, Values, Nulls);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(Indices);
        }
    }
}
