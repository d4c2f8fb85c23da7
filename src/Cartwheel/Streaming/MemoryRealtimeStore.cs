using System.Globalization;

namespace Cartwheel.Streaming;

/// <summary>
/// The in-process <see cref="IRealtimeStore"/>: dictionaries behind one lock (the stream processor writes
/// from one thread; API readers take the same lock, so a read never sees a half-applied operation).
/// </summary>
public sealed class MemoryRealtimeStore : IRealtimeStore
{
    private readonly Lock _lock = new();
    private Dictionary<string, Dictionary<string, string>> _hashes = new(StringComparer.Ordinal);
    private Dictionary<string, Dictionary<string, double>> _sortedSets = new(StringComparer.Ordinal);
    private Dictionary<string, HashSet<string>> _sets = new(StringComparer.Ordinal);
    private Dictionary<string, DistinctSketch> _sketches = new(StringComparer.Ordinal);

    /// <summary>The bytes the sketches' contents take in memory (hashes or registers; the bound of decision 66).</summary>
    public long SketchBytes
    {
        get
        {
            lock (_lock)
            {
                return _sketches.Values.Sum(s => s.MemoryBytes);
            }
        }
    }

    public long HashIncrement(string key, string field, long delta)
    {
        lock (_lock)
        {
            var hash = Get(_hashes, key);
            var value = (hash.TryGetValue(field, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0) + delta;
            hash[field] = value.ToString(CultureInfo.InvariantCulture);
            return value;
        }
    }

    public void HashSet(string key, string field, string value)
    {
        lock (_lock)
        {
            Get(_hashes, key)[field] = value;
        }
    }

    public void HashDelete(string key, string field)
    {
        lock (_lock)
        {
            if (_hashes.TryGetValue(key, out var hash) && hash.Remove(field) && hash.Count == 0)
            {
                _hashes.Remove(key);
            }
        }
    }

    public IReadOnlyDictionary<string, string> HashGetAll(string key)
    {
        lock (_lock)
        {
            return _hashes.TryGetValue(key, out var hash) ? new Dictionary<string, string>(hash, StringComparer.Ordinal) : new Dictionary<string, string>();
        }
    }

    public void SortedSetIncrement(string key, string member, double delta)
    {
        lock (_lock)
        {
            var set = Get(_sortedSets, key);
            set[member] = set.GetValueOrDefault(member) + delta;
        }
    }

    public void SortedSetAddIfGreater(string key, string member, double score)
    {
        lock (_lock)
        {
            var set = Get(_sortedSets, key);
            if (!set.TryGetValue(member, out var current) || score > current)
            {
                set[member] = score;
            }
        }
    }

    public IReadOnlyList<KeyValuePair<string, double>> SortedSetRangeByScore(string key, double min, double max)
    {
        lock (_lock)
        {
            return _sortedSets.TryGetValue(key, out var set)
                ? set.Where(p => p.Value >= min && p.Value <= max).OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList()
                : [];
        }
    }

    public long SortedSetCountByScore(string key, double min, double max)
    {
        // A count under the lock, no list, no sort: the summary asks for the active sessions many times a second and
        // the stream's writes wait for this lock. Cheaper than keeping a sorted index, which every event's session
        // update would pay (docs/decisions.md).
        lock (_lock)
        {
            if (!_sortedSets.TryGetValue(key, out var set))
            {
                return 0;
            }

            long count = 0;
            foreach (var score in set.Values)
            {
                if (score >= min && score <= max)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public void SortedSetRemoveRangeByScore(string key, double min, double max)
    {
        lock (_lock)
        {
            if (_sortedSets.TryGetValue(key, out var set))
            {
                foreach (var member in set.Where(p => p.Value >= min && p.Value <= max).Select(p => p.Key).ToList())
                {
                    set.Remove(member);
                }

                if (set.Count == 0)
                {
                    _sortedSets.Remove(key);
                }
            }
        }
    }

    public void SetAdd(string key, string member)
    {
        lock (_lock)
        {
            Get(_sets, key).Add(member);
        }
    }

    public IReadOnlyCollection<string> SetMembers(string key)
    {
        lock (_lock)
        {
            return _sets.TryGetValue(key, out var set) ? set.ToList() : [];
        }
    }

    public void SketchAdd(string key, ReadOnlySpan<ulong> hashes)
    {
        lock (_lock)
        {
            if (!_sketches.TryGetValue(key, out var sketch))
            {
                sketch = _sketches[key] = new DistinctSketch();
            }

            sketch.Add(hashes);
        }
    }

    public DistinctCount SketchCount(IReadOnlyList<string> keys)
    {
        // The cost is the sketches' hashes and registers, never the sessions. Under the lock the stream's writes wait, so
        // only the cheap part runs there: registers merged (a vectorised max), exact hashes copied; the set of the
        // exact hashes is built after it.
        var union = new DistinctUnion();
        var exact = new List<ulong[]>();
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (!_sketches.TryGetValue(key, out var sketch))
                {
                    continue;
                }

                if (sketch.IsApproximate)
                {
                    union.Add(sketch);
                }
                else
                {
                    exact.Add(sketch.Hashes.ToArray());
                }
            }
        }

        foreach (var hashes in exact)
        {
            union.Add(hashes);
        }

        return union.Count;
    }

    public byte[]? SketchGet(string key)
    {
        lock (_lock)
        {
            return _sketches.TryGetValue(key, out var sketch) ? sketch.ToBytes() : null;
        }
    }

    public void KeyDelete(string key)
    {
        lock (_lock)
        {
            _hashes.Remove(key);
            _sortedSets.Remove(key);
            _sets.Remove(key);
            _sketches.Remove(key);
        }
    }

    public RealtimeStoreSnapshot Export()
    {
        lock (_lock)
        {
            return new RealtimeStoreSnapshot(
                _hashes.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                _sortedSets.ToDictionary(p => p.Key, p => new Dictionary<string, double>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                _sets.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal))
            {
                Sketches = _sketches.ToDictionary(p => p.Key, p => p.Value.ToBytes(), StringComparer.Ordinal),
            };
        }
    }

    public void Import(RealtimeStoreSnapshot snapshot)
    {
        var hashes = snapshot.Hashes.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sortedSets = snapshot.SortedSets.ToDictionary(p => p.Key, p => new Dictionary<string, double>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sets = snapshot.Sets.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sketches = snapshot.Sketches.ToDictionary(p => p.Key, p => DistinctSketch.FromBytes(p.Value), StringComparer.Ordinal);
        lock (_lock)
        {
            _hashes = hashes;
            _sortedSets = sortedSets;
            _sets = sets;
            _sketches = sketches;
        }
    }

    private static T Get<T>(Dictionary<string, T> map, string key)
        where T : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new T();
            map[key] = value;
        }

        return value;
    }
}
