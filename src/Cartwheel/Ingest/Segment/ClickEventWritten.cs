namespace Cartwheel.Ingest.Segment;

/// <summary>
/// What the collector's fast path tells about a click event it wrote: the partitioning key, the layout of the
/// checked values, and the message's timestamp when its event time still depends on the batch's sentAt (the
/// message has no sentAt of its own), else null.
/// </summary>
internal readonly record struct ClickEventWritten(string? Key, ClickEventLayout Layout, DateTimeOffset? TimestampBeforeSentAt);
