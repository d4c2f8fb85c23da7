namespace Cartwheel.Log;

/// <summary>A record to append: its kind (events, orders, …), partitioning key (user id) and JSON payload.</summary>
public sealed record LogAppend(string Kind, string? Key, ReadOnlyMemory<byte> Payload);
