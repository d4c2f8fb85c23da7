namespace Cartwheel.Lake;

/// <summary>One accepted record on its way to bronze (the per-file columns are added when the batch is written).</summary>
internal readonly record struct BronzeRow(string? RecordId, DateTime EventTimeUtc, string Payload, string? Raw, long LineNumber);
