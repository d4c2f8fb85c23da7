using Cartwheel.Contracts;

namespace Cartwheel.Streaming;

/// <summary>An accepted record on its way to the aggregates: kind, bronze event time (UTC) and the payload bytes.</summary>
internal readonly record struct StreamItem(EntityKind Kind, DateTime EventTimeUtc, ReadOnlyMemory<byte> Payload);
