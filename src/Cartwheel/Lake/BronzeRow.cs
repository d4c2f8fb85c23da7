namespace Cartwheel.Lake;

/// <summary>
/// One accepted record on its way to bronze (the per-file columns are added when the batch is written). A class:
/// DuckDB's table-function source hands rows over as objects, and a struct would be boxed once per row.
/// <paramref name="SourceFile"/> overrides the writer's source file for this row (the stream writes <c>log:&lt;partition&gt;</c>).
/// </summary>
internal sealed record BronzeRow(string? RecordId, DateTime EventTimeUtc, string Payload, string? Raw, long LineNumber, string? SourceFile = null);
