namespace Cartwheel.Lake;

/// <summary>
/// One accepted record on its way to bronze (the per-file columns are added when the batch is written). A class:
/// DuckDB's table-function source hands rows over as objects, and a struct would be boxed once per row.
/// </summary>
internal sealed record BronzeRow(string? RecordId, DateTime EventTimeUtc, string Payload, string? Raw, long LineNumber);
