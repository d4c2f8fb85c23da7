namespace Cartwheel.Lake.Parquet;

/// <summary>
/// Thrift encodings of the Parquet structures the bronze writer needs (parquet-format's <c>parquet.thrift</c>):
/// page headers and the footer's <c>FileMetaData</c>. Numbers are the field ids and enum values of that file.
/// </summary>
internal static class ParquetFormat
{
    public const string CreatedBy = "Cartwheel bronze writer";

    private const int TypeInt64 = 2;
    private const int TypeByteArray = 6;
    private const int RepetitionOptional = 1;
    private const int ConvertedUtf8 = 0;
    private const int ConvertedTimestampMicros = 10;
    private const int EncodingPlain = 0;
    private const int EncodingRle = 3;
    private const int EncodingRleDictionary = 8;
    private const int CodecUncompressed = 0;
    private const int CodecZstd = 6;
    private const int PageData = 0;
    private const int PageDictionary = 2;

    /// <summary>A v1 data page header: PLAIN values (or RLE_DICTIONARY indices), RLE definition levels.</summary>
    public static void DataPageHeader(ThriftCompactWriter w, int uncompressed, int compressed, int values, bool dictionaryIndices)
    {
        w.Reset();
        w.I32Field(1, PageData);
        w.I32Field(2, uncompressed);
        w.I32Field(3, compressed);
        w.StructField(5);
        w.I32Field(1, values);
        w.I32Field(2, dictionaryIndices ? EncodingRleDictionary : EncodingPlain);
        w.I32Field(3, EncodingRle);
        w.I32Field(4, EncodingRle);
        w.EndStruct();
        w.EndStruct();
    }

    public static void DictionaryPageHeader(ThriftCompactWriter w, int uncompressed, int compressed, int entries)
    {
        w.Reset();
        w.I32Field(1, PageDictionary);
        w.I32Field(2, uncompressed);
        w.I32Field(3, compressed);
        w.StructField(7);
        w.I32Field(1, entries);
        w.I32Field(2, EncodingPlain);
        w.EndStruct();
        w.EndStruct();
    }

    /// <summary>The footer's FileMetaData (version 1, one schema root with the columns, every row group, column orders).</summary>
    public static void FileMetaData(ThriftCompactWriter w, IReadOnlyList<ParquetColumn> columns, IReadOnlyList<RowGroupInfo> rowGroups, string createdBy = CreatedBy)
    {
        w.Reset();
        w.I32Field(1, 1);
        w.StructListField(2, columns.Count + 1);
        w.BeginStruct();
        w.StringField(4, "duckdb_schema");
        w.I32Field(5, columns.Count);
        w.EndStruct();
        foreach (var column in columns)
        {
            SchemaElement(w, column);
        }

        w.I64Field(3, rowGroups.Sum(g => g.Rows));
        w.StructListField(4, rowGroups.Count);
        foreach (var group in rowGroups)
        {
            w.BeginStruct();
            w.StructListField(1, columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                ColumnChunk(w, columns[i], group.Columns[i]);
            }

            w.I64Field(2, group.Columns.Sum(c => c.UncompressedSize));
            w.I64Field(3, group.Rows);
            w.EndStruct();
        }

        w.StringField(6, createdBy);
        w.StructListField(7, columns.Count);
        foreach (var _ in columns)
        {
            // ColumnOrder.TYPE_ORDER: min/max statistics follow the type's natural order.
            w.BeginStruct();
            w.StructField(1);
            w.EndStruct();
            w.EndStruct();
        }

        w.EndStruct();
    }

    private static void SchemaElement(ThriftCompactWriter w, ParquetColumn column)
    {
        w.BeginStruct();
        w.I32Field(1, column.Type == ParquetColumnType.String ? TypeByteArray : TypeInt64);
        w.I32Field(3, RepetitionOptional);
        w.StringField(4, column.Name);
        switch (column.Type)
        {
            case ParquetColumnType.String:
                w.I32Field(6, ConvertedUtf8);
                w.StructField(10);
                w.StructField(1); // LogicalType.STRING
                w.EndStruct();
                w.EndStruct();
                break;
            case ParquetColumnType.TimestampUtc:
                w.I32Field(6, ConvertedTimestampMicros);
                w.StructField(10);
                w.StructField(8); // LogicalType.TIMESTAMP
                w.BoolField(1, true); // isAdjustedToUTC
                w.StructField(2); // unit
                w.StructField(2); // MICROS
                w.EndStruct();
                w.EndStruct();
                w.EndStruct();
                w.EndStruct();
                break;
        }

        w.EndStruct();
    }

    private static void ColumnChunk(ThriftCompactWriter w, ParquetColumn column, ColumnChunkInfo chunk)
    {
        w.BeginStruct();
        w.I64Field(2, chunk.Start);
        w.StructField(3);
        w.I32Field(1, column.Type == ParquetColumnType.String ? TypeByteArray : TypeInt64);
        w.I32ListField(2, column.Dictionary ? [EncodingPlain, EncodingRle, EncodingRleDictionary] : [EncodingPlain, EncodingRle]);
        w.StringListField(3, [column.Name]);
        w.I32Field(4, chunk.Compressed ? CodecZstd : CodecUncompressed);
        w.I64Field(5, chunk.Values);
        w.I64Field(6, chunk.UncompressedSize);
        w.I64Field(7, chunk.CompressedSize);
        w.I64Field(9, chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionary)
        {
            w.I64Field(11, dictionary);
        }

        w.StructField(12);
        if (chunk is { Min: { } min, Max: { } max })
        {
            Span<byte> maxBytes = stackalloc byte[8];
            Span<byte> minBytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(maxBytes, max);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(minBytes, min);
            w.BinaryField(1, maxBytes);
            w.BinaryField(2, minBytes);
            w.I64Field(3, chunk.Nulls);
            w.BinaryField(5, maxBytes);
            w.BinaryField(6, minBytes);
        }
        else
        {
            w.I64Field(3, chunk.Nulls);
        }

        w.EndStruct();
        w.EndStruct();
        w.EndStruct();
    }
}
