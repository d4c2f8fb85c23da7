using Cartwheel.Catalog;

namespace Cartwheel.Resilience;

/// <summary>
/// The dead-letter area, kept in the catalog (<c>dead_letters</c>): transactional with the rest of the pipeline's
/// state, readable by several processes, one row per (source, record key) however often it fails.
/// </summary>
public sealed class DeadLetterStore(CatalogStore catalog, TimeProvider timeProvider)
{
    /// <summary>Records that <paramref name="key"/> of <paramref name="source"/> failed <paramref name="attempts"/> more time(s).</summary>
    public DeadLetter Record(string source, string key, string payload, string error, int attempts = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        return catalog.UpsertDeadLetter(source, key, payload, error, attempts, timeProvider.GetUtcNow());
    }

    /// <summary>Dead letters, oldest first: pending ones, or all with <paramref name="includeReplayed"/>.</summary>
    public IReadOnlyList<DeadLetter> List(string? source = null, bool includeReplayed = false) =>
        catalog.ListDeadLetters(source, null, includeReplayed);

    public DeadLetter Get(long id) => catalog.ListDeadLetters(null, id, includeReplayed: true).SingleOrDefault()
        ?? throw new CartwheelException(ErrorCodes.DeadLetterNotFound, $"No dead letter with id {id}.");

    internal void MarkReplayed(long id) => catalog.MarkDeadLetterReplayed(id, timeProvider.GetUtcNow());
}
