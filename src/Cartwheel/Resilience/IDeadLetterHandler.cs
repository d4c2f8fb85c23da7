namespace Cartwheel.Resilience;

/// <summary>
/// Hands a dead-lettered record of one source back to that source. Register one per source (file-ingest, rest-poll…).
/// Throw when the record fails again: the replayer records the new failure.
/// </summary>
public interface IDeadLetterHandler
{
    /// <summary>The <see cref="DeadLetter.Source"/> this handler replays.</summary>
    string Source { get; }

    Task ReplayAsync(DeadLetter letter, CancellationToken cancellationToken = default);
}
