namespace Cartwheel.Streaming;

/// <summary>
/// How far the stream processor is behind the log: the records appended but not yet committed, and a bound on the age
/// of the oldest of them (zero when there are none). The collector paces clients on it (docs/collector.md).
/// </summary>
public readonly record struct StreamLag(long Records, TimeSpan Age);
