namespace Cartwheel.Resilience;

/// <summary>
/// A record that failed repeatedly at a source: what the source's handler needs to try again
/// (<see cref="Payload"/>, JSON), the latest error and how often and when it failed.
/// </summary>
public sealed record DeadLetter(
    long Id,
    string Source,
    string RecordKey,
    string Payload,
    string Error,
    int Attempts,
    DateTimeOffset FirstFailureAt,
    DateTimeOffset LastFailureAt,
    DeadLetterStatus Status,
    DateTimeOffset? ReplayedAt);
