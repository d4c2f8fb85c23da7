using Cartwheel.Contracts;

namespace Cartwheel.Streaming;

/// <summary>
/// An accepted record on its way to the aggregates: kind, bronze event time (UTC), the payload bytes and, for a click
/// event, the fields the windows read (read while the batch was checked, in parallel).
/// </summary>
internal readonly record struct StreamItem(EntityKind Kind, DateTime EventTimeUtc, ReadOnlyMemory<byte> Payload, RealtimeAggregator.EventFields Fields = default);
