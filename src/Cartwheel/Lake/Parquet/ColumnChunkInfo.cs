namespace Cartwheel.Lake.Parquet;

/// <summary>Where one column chunk of a row group lies in the file and what its footer entry says.</summary>
internal sealed record ColumnChunkInfo(
    long Start, long DataPageOffset, long? DictionaryPageOffset, long Values, long Nulls,
    long UncompressedSize, long CompressedSize, bool Compressed, long? Min, long? Max);
