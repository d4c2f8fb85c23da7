using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Cartwheel.Streaming;

/// <summary>
/// The funnel's sessions as distinct-count sketches (decision 66): the hash a session id is counted by, and the
/// upgrade of a checkpoint from before them, whose funnel was sets of <c>session␟device␟country</c> per minute and step.
/// </summary>
internal static class FunnelSketches
{
    /// <summary>The 64-bit hash a session is counted by: XxHash3 of the id's UTF-16 code units.</summary>
    public static ulong Hash(string session) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(session.AsSpan()));

    /// <summary>
    /// <paramref name="snapshot"/> with every old funnel set (<see cref="RealtimeKeys.Funnel"/>) turned into the sketches
    /// and group sets the aggregator keeps now (the pairs with the most sessions first, up to the group limit, the rest in
    /// the other group); unchanged when it has none.
    /// </summary>
    public static RealtimeStoreSnapshot Upgrade(RealtimeStoreSnapshot snapshot)
    {
        var old = snapshot.Sets.Where(p => OldKey(p.Key) is not null).ToList();
        if (old.Count == 0)
        {
            return snapshot;
        }

        var sets = snapshot.Sets.Where(p => OldKey(p.Key) is null).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var sketches = new Dictionary<string, DistinctSketch>(StringComparer.Ordinal);
        foreach (var (key, value) in snapshot.Sketches)
        {
            sketches[key] = DistinctSketch.FromBytes(value);
        }

        foreach (var window in old.GroupBy(p => OldKey(p.Key)!.Value.Window, StringComparer.Ordinal))
        {
            var members = window.SelectMany(p => p.Value.Select(m => (Step: OldKey(p.Key)!.Value.Step, Parts: m.Split('\u001f')))).ToList();
            var named = members.GroupBy(m => RealtimeKeys.FunnelGroup(Part(m.Parts, 1), Part(m.Parts, 2)), StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(RealtimeKeys.FunnelGroupLimit - 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var groups = sets[RealtimeKeys.FunnelGroups(window.Key)] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (step, parts) in members)
            {
                var group = RealtimeKeys.FunnelGroup(Part(parts, 1), Part(parts, 2));
                group = named.Contains(group) ? group : RealtimeKeys.FunnelOtherGroup;
                groups.Add(group);
                var key = RealtimeKeys.FunnelSketch(window.Key, step, group);
                if (!sketches.TryGetValue(key, out var sketch))
                {
                    sketch = sketches[key] = new DistinctSketch();
                }

                sketch.Add([Hash(parts[0])]);
            }
        }

        return new RealtimeStoreSnapshot(snapshot.Hashes, snapshot.SortedSets, sets)
        {
            Sketches = sketches.ToDictionary(p => p.Key, p => p.Value.ToBytes(), StringComparer.Ordinal),
        };
    }

    private static string Part(string[] parts, int index) => index < parts.Length ? parts[index] : string.Empty;

    /// <summary>The window and step of an old funnel set's key, or null for any other key.</summary>
    private static (string Window, string Step)? OldKey(string key)
    {
        const string Prefix = "rt:funnel:";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length <= Prefix.Length + 13 || key[Prefix.Length + 12] != ':')
        {
            return null;
        }

        var window = key.Substring(Prefix.Length, 12);
        var step = key[(Prefix.Length + 13)..];
        return RealtimeKeys.FunnelSteps.Contains(step) && window.All(char.IsAsciiDigit) ? (window, step) : null;
    }
}
