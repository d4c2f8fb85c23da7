namespace Cartwheel.Log;

/// <summary>A record read back from the log, with its partition and offset (dense, increasing per partition).</summary>
public sealed record LogRecord(int Partition, long Offset, string Kind, string? Key, ReadOnlyMemory<byte> Payload, DateTimeOffset AppendedAt);
