namespace Cartwheel.Streaming;

/// <summary>
/// The keys of the records accepted within the dedup horizon, in one hash set per hour of event time.
/// A bucket expires when its whole hour is older than the newest event time seen − the horizon, so the
/// index holds at most the records of horizon + 1 hours; <c>maxKeys</c> caps it further by dropping the
/// oldest bucket early (the horizon shrinks; counted in <see cref="Evictions"/>). A record older than the
/// horizon cannot be checked and is accepted (silver deduplicates it). Memory ≈ 48 bytes a key.
/// </summary>
internal sealed class DedupIndex(TimeSpan horizon, int maxKeys)
{
    private static readonly long BucketTicks = TimeSpan.TicksPerHour;
    private readonly SortedDictionary<long, HashSet<UInt128>> _buckets = [];
    private DateTime _newest = DateTime.MinValue;

    /// <summary>The keys held.</summary>
    public long Count { get; private set; }

    /// <summary>Buckets dropped early because <c>maxKeys</c> was reached.</summary>
    public long Evictions { get; private set; }

    /// <summary>The number of hour buckets held.</summary>
    public int Buckets => _buckets.Count;

    /// <summary>True when a record with this time is too old to be checked (and is not remembered).</summary>
    public bool BeyondHorizon(DateTime eventTime) => _newest != DateTime.MinValue && eventTime < _newest - horizon;

    public bool Contains(UInt128 key)
    {
        foreach (var bucket in _buckets.Values)
        {
            if (bucket.Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Remembers an accepted record (ignored when beyond the horizon) and expires old buckets.</summary>
    public void Add(UInt128 key, DateTime eventTime)
    {
        if (BeyondHorizon(eventTime))
        {
            return;
        }

        var hour = eventTime.Ticks / BucketTicks;
        if (!_buckets.TryGetValue(hour, out var bucket))
        {
            bucket = [];
            _buckets[hour] = bucket;
        }

        if (bucket.Add(key))
        {
            Count++;
        }

        if (eventTime > _newest)
        {
            _newest = eventTime;
            var oldestKept = (_newest - horizon).Ticks;
            while (_buckets.Count > 0 && (_buckets.Keys.First() + 1) * BucketTicks <= oldestKept)
            {
                Drop();
            }
        }

        while (Count > maxKeys && _buckets.Count > 1)
        {
            Drop();
            Evictions++;
        }
    }

    private void Drop()
    {
        var first = _buckets.Keys.First();
        Count -= _buckets[first].Count;
        _buckets.Remove(first);
    }
}
