namespace Cartwheel.Ingest.Segment;

/// <summary>What the collector knows about the request a message came in: when, the batch's sentAt, the client's IP.</summary>
public sealed record SegmentReceipt(DateTimeOffset ReceivedAt, DateTimeOffset? BatchSentAt, string? RemoteIp);
