namespace Cartwheel.Streaming;

/// <summary>
/// The whole content of an <see cref="IRealtimeStore"/>, by key: hashes, sorted sets, sets and distinct-count sketches
/// (their bytes; none in a checkpoint from before they existed) — the checkpoint's shape.
/// </summary>
public sealed record RealtimeStoreSnapshot(
    IReadOnlyDictionary<string, Dictionary<string, string>> Hashes,
    IReadOnlyDictionary<string, Dictionary<string, double>> SortedSets,
    IReadOnlyDictionary<string, HashSet<string>> Sets)
{
    /// <summary>A store with no keys.</summary>
    public static RealtimeStoreSnapshot Empty { get; } = new(
        new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal),
        new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal),
        new Dictionary<string, HashSet<string>>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, byte[]> _sketches = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The sketches' values by key (empty when none; a JSON checkpoint from before them leaves it null, read as empty).</summary>
    public IReadOnlyDictionary<string, byte[]> Sketches
    {
        get => _sketches;
        init => _sketches = value ?? new Dictionary<string, byte[]>(StringComparer.Ordinal);
    }

    /// <summary>The number of keys, and of entries over all keys, a sketch counting as one (the state-size bound tests watch).</summary>
    public (int Keys, long Entries) CountEntries() =>
        (Hashes.Count + SortedSets.Count + Sets.Count + Sketches.Count,
         Hashes.Values.Sum(h => (long)h.Count) + SortedSets.Values.Sum(z => (long)z.Count) + Sets.Values.Sum(s => (long)s.Count) + Sketches.Count);

    /// <summary>The bytes of all sketch values (what they take in the checkpoint and in Redis).</summary>
    public long SketchBytes() => Sketches.Values.Sum(v => (long)v.Length);
}
