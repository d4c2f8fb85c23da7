namespace Cartwheel.Lake.Parquet;

/// <summary>The logical types the bronze schema uses (all columns OPTIONAL, as DuckDB writes them).</summary>
internal enum ParquetColumnType
{
    /// <summary>BYTE_ARRAY, logical STRING (DuckDB VARCHAR).</summary>
    String,

    /// <summary>INT64, logical TIMESTAMP(isAdjustedToUTC = true, MICROS) (DuckDB TIMESTAMPTZ).</summary>
    TimestampUtc,

    /// <summary>INT64 (DuckDB BIGINT).</summary>
    Int64,
}
