namespace Cartwheel.Streaming;

/// <summary>
/// The active sessions as per-minute distinct-count sketches (decision 69, <see cref="RealtimeKeys.SessionSketch"/>, counted
/// by <see cref="FunnelSketches.Hash"/>), and the upgrade of a checkpoint from before them, which held one sorted set of
/// the sessions of the last 5 minutes (<see cref="RealtimeKeys.Sessions"/>: member = session, score = its latest event time).
/// </summary>
internal static class SessionSketches
{
    /// <summary>
    /// <paramref name="snapshot"/> with the old sessions set turned into the sketch of each session's latest minute
    /// (registered in <see cref="RealtimeKeys.Minutes"/> when missing, so it expires with it); unchanged when it has none.
    /// The latest minute is enough: the active range always ends at the newest minute, so a session has an event in it
    /// exactly when its latest event is in it.
    /// </summary>
    public static RealtimeStoreSnapshot Upgrade(RealtimeStoreSnapshot snapshot)
    {
        if (!snapshot.SortedSets.TryGetValue(RealtimeKeys.Sessions, out var old))
        {
            return snapshot;
        }

        var sortedSets = snapshot.SortedSets.Where(p => p.Key != RealtimeKeys.Sessions).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var minutes = sortedSets.TryGetValue(RealtimeKeys.Minutes, out var held)
            ? new Dictionary<string, double>(held, StringComparer.Ordinal)
            : new Dictionary<string, double>(StringComparer.Ordinal);
        sortedSets[RealtimeKeys.Minutes] = minutes;
        var sketches = snapshot.Sketches.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var window in old.GroupBy(p => RealtimeKeys.MinuteStart((long)p.Value)))
        {
            var name = RealtimeKeys.WindowOf(window.Key);
            minutes.TryAdd(name, window.Key);
            var key = RealtimeKeys.SessionSketch(name);
            var sketch = sketches.TryGetValue(key, out var bytes) ? DistinctSketch.FromBytes(bytes) : new DistinctSketch();
            sketch.Add([.. window.Select(p => FunnelSketches.Hash(p.Key))]);
            sketches[key] = sketch.ToBytes();
        }

        if (minutes.Count == 0)
        {
            sortedSets.Remove(RealtimeKeys.Minutes);
        }

        return new RealtimeStoreSnapshot(snapshot.Hashes, sortedSets, snapshot.Sets) { Sketches = sketches };
    }
}
