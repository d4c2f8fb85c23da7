namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The end of a row group: its row count, the chunks of the dictionary columns (source_file, ingestion_time,
/// file_hash, batch_id) and the min/max statistics per column (null where none are kept).
/// </summary>
internal sealed record BronzeRowGroupEnd(
    int Rows, IReadOnlyList<(byte[] Dictionary, int Entries, byte[] Data)> DictionaryChunks, IReadOnlyList<(long Min, long Max)?> Stats);
