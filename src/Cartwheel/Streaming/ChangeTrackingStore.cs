namespace Cartwheel.Streaming;

/// <summary>
/// An <see cref="IRealtimeStore"/> that passes every call to the store it wraps and remembers which keys were
/// written since <see cref="ClearChanges"/>, and as what (hash, sorted set, set, sketch; a deleted key as
/// <see cref="StateKeyType.Deleted"/> unless written again): the stream processor checkpoints only those keys.
/// </summary>
internal sealed class ChangeTrackingStore(IRealtimeStore inner) : IRealtimeStore
{
    private readonly Dictionary<string, StateKeyType> _changed = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StateKeyType> Changed => _changed;

    public void ClearChanges() => _changed.Clear();

    public long HashIncrement(string key, string field, long delta) => inner.HashIncrement(Mark(key, StateKeyType.Hash), field, delta);

    public void HashSet(string key, string field, string value) => inner.HashSet(Mark(key, StateKeyType.Hash), field, value);

    public void HashDelete(string key, string field) => inner.HashDelete(Mark(key, StateKeyType.Hash), field);

    public IReadOnlyDictionary<string, string> HashGetAll(string key) => inner.HashGetAll(key);

    public void SortedSetIncrement(string key, string member, double delta) => inner.SortedSetIncrement(Mark(key, StateKeyType.SortedSet), member, delta);

    public void SortedSetAddIfGreater(string key, string member, double score) => inner.SortedSetAddIfGreater(Mark(key, StateKeyType.SortedSet), member, score);

    public IReadOnlyList<KeyValuePair<string, double>> SortedSetRangeByScore(string key, double min, double max) => inner.SortedSetRangeByScore(key, min, max);

    public long SortedSetCountByScore(string key, double min, double max) => inner.SortedSetCountByScore(key, min, max);

    public void SortedSetRemoveRangeByScore(string key, double min, double max) => inner.SortedSetRemoveRangeByScore(Mark(key, StateKeyType.SortedSet), min, max);

    public void SetAdd(string key, string member) => inner.SetAdd(Mark(key, StateKeyType.Set), member);

    public IReadOnlyCollection<string> SetMembers(string key) => inner.SetMembers(key);

    public void SketchAdd(string key, ReadOnlySpan<ulong> hashes) => inner.SketchAdd(Mark(key, StateKeyType.Sketch), hashes);

    public DistinctCount SketchCount(IReadOnlyList<string> keys) => inner.SketchCount(keys);

    public byte[]? SketchGet(string key) => inner.SketchGet(key);

    public void KeyDelete(string key) => inner.KeyDelete(Mark(key, StateKeyType.Deleted));

    public RealtimeStoreSnapshot Export() => inner.Export();

    public void Import(RealtimeStoreSnapshot snapshot) => throw new InvalidOperationException("Import into the wrapped store.");

    private string Mark(string key, StateKeyType type)
    {
        _changed[key] = type;
        return key;
    }
}
