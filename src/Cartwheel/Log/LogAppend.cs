namespace Cartwheel.Log;

/// <summary>
/// A record to append: its kind (events, orders, …), partitioning key (user id) and JSON payload, and what its
/// writer already checked of the payload (opaque to the log, empty when nothing; see <see cref="LogRecord.Checked"/>).
/// </summary>
public sealed record LogAppend(string Kind, string? Key, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Checked = default);
