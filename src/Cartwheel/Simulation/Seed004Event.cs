namespace Cartwheel.Simulation;

/// <summary>A line of the seed004 <c>events.jsonl</c>.</summary>
public sealed record Seed004Event(
    string EventId,
    string SessionId,
    string? UserId,
    string EventType,
    DateTimeOffset EventTimestamp,
    Seed004EventDetails EventDetails);
