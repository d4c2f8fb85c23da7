namespace Cartwheel.Log;

/// <summary>
/// A record read back from the log, with its partition and offset (dense, increasing per partition), and the
/// checked form its writer logged next to the payload (empty when none: other writers, other logs, older chunks).
/// </summary>
public sealed record LogRecord(int Partition, long Offset, string Kind, string? Key, ReadOnlyMemory<byte> Payload, DateTimeOffset AppendedAt,
    ReadOnlyMemory<byte> Checked = default);
