namespace Cartwheel.Lake;

/// <summary>
/// The columns of every bronze Parquet file, whatever its kind. Files live in
/// <c>lake/bronze/&lt;kind&gt;/dt=YYYY-MM-DD/</c> (Hive partitioning: <c>dt</c> is in the path, not the file).
/// </summary>
public static class BronzeSchema
{
    /// <summary>The record's business key (event_id, order_id, update_id, user_id, product_id, transaction_id); null when missing.</summary>
    public const string RecordId = "record_id";

    /// <summary>The time that places the record in its date partition (see docs/data-model.md), UTC.</summary>
    public const string EventTime = "event_time";

    /// <summary>The record as JSON text: a JSONL line verbatim, or a CSV row as an object of header → string value.</summary>
    public const string Payload = "payload";

    /// <summary>The original CSV line; null for JSON input, whose payload is already the original text.</summary>
    public const string Raw = "raw";

    public const string SourceFile = "source_file";
    public const string LineNumber = "line_number";
    public const string IngestionTime = "ingestion_time";
    public const string FileHash = "file_hash";
    public const string BatchId = "batch_id";

    /// <summary>DuckDB column definitions in file order (without the <c>dt</c> partition column).</summary>
    public const string ColumnDefinitions =
        "record_id VARCHAR, event_time TIMESTAMPTZ, payload VARCHAR, raw VARCHAR, source_file VARCHAR, line_number BIGINT, ingestion_time TIMESTAMPTZ, file_hash VARCHAR, batch_id VARCHAR";

    /// <summary>A typed empty relation with the bronze columns and <c>dt</c>, for views over kinds with no files yet.</summary>
    public const string EmptySelect =
        "SELECT CAST(NULL AS VARCHAR) AS record_id, CAST(NULL AS TIMESTAMPTZ) AS event_time, CAST(NULL AS VARCHAR) AS payload, CAST(NULL AS VARCHAR) AS raw, " +
        "CAST(NULL AS VARCHAR) AS source_file, CAST(NULL AS BIGINT) AS line_number, CAST(NULL AS TIMESTAMPTZ) AS ingestion_time, " +
        "CAST(NULL AS VARCHAR) AS file_hash, CAST(NULL AS VARCHAR) AS batch_id, CAST(NULL AS DATE) AS dt WHERE false";
}
