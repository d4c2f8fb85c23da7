namespace Cartwheel.Resilience;

/// <summary>
/// Replays pending dead letters through the handler registered for their source. A success marks the letter
/// replayed; a failure adds an attempt and the new error. A letter whose source has no handler is an error.
/// </summary>
public sealed class DeadLetterReplayer
{
    private readonly DeadLetterStore _store;
    private readonly Dictionary<string, IDeadLetterHandler> _handlers;

    public DeadLetterReplayer(DeadLetterStore store, IEnumerable<IDeadLetterHandler> handlers)
    {
        _store = store;
        _handlers = handlers.ToDictionary(h => h.Source, StringComparer.Ordinal);
    }

    /// <summary>Replays the pending letters of <paramref name="source"/> (all when null), or only letter <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<ReplayResult>> ReplayAsync(string? source = null, long? id = null, CancellationToken cancellationToken = default)
    {
        var letters = id is { } one ? [_store.Get(one)] : _store.List(source);
        var results = new List<ReplayResult>();
        foreach (var letter in letters.Where(l => source is null || l.Source == source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_handlers.TryGetValue(letter.Source, out var handler))
            {
                throw new CartwheelException(ErrorCodes.DeadLetterNoHandler,
                    $"No replay handler for source '{letter.Source}' (registered: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}).");
            }

            try
            {
                await handler.ReplayAsync(letter, cancellationToken);
                _store.MarkReplayed(letter.Id);
                results.Add(new ReplayResult(_store.Get(letter.Id), true, null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var again = _store.Record(letter.Source, letter.RecordKey, letter.Payload, ex.Message);
                results.Add(new ReplayResult(again, false, ex.Message));
            }
        }

        return results;
    }
}
