namespace Cartwheel.Streaming;

/// <summary>The whole content of an <see cref="IRealtimeStore"/>, by key: hashes, sorted sets and sets (the checkpoint's shape).</summary>
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

    /// <summary>The number of keys, and of entries over all keys (the state-size bound tests watch).</summary>
    public (int Keys, long Entries) CountEntries() =>
        (Hashes.Count + SortedSets.Count + Sets.Count,
         Hashes.Values.Sum(h => (long)h.Count) + SortedSets.Values.Sum(z => (long)z.Count) + Sets.Values.Sum(s => (long)s.Count));
}
