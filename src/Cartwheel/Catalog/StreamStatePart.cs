namespace Cartwheel.Catalog;

/// <summary>
/// One part of the real-time checkpoint log (<c>stream_state_log</c>): a full snapshot of the store, or the delta
/// of one micro-batch; <see cref="State"/> is encoded by <c>Cartwheel.Streaming.StateLogPart</c>.
/// </summary>
public sealed record StreamStatePart(bool IsFull, byte[] State);
