namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>The outcome of <see cref="TimestampText.Parse"/>.</summary>
internal enum TimestampParse
{
    /// <summary>A timestamp, equal to DuckDB's cast.</summary>
    Value,

    /// <summary>DuckDB's <c>TRY_CAST</c> is NULL.</summary>
    Null,

    /// <summary>A form not reproduced here: the record set goes to DuckDB.</summary>
    Unusual,
}
