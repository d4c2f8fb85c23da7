namespace Cartwheel.Streaming;

/// <summary>
/// The keys of the records accepted within the dedup horizon, in one hash set per hour of event time.
/// A bucket expires when its whole hour is older than the newest event time seen − the horizon, so the
/// index holds at most the records of horizon + 1 hours; <c>maxKeys</c> caps it further by dropping the
/// oldest bucket early (the horizon shrinks; counted in <see cref="Evictions"/>). A record older than the
/// horizon cannot be checked and is accepted (silver deduplicates it). Memory 21–43 bytes a key (<see cref="DedupKeySet"/>).
/// </summary>
internal sealed class DedupIndex(TimeSpan horizon, int maxKeys)
{
    private static readonly long BucketTicks = TimeSpan.TicksPerHour;

    // Oldest first. A list rather than a SortedDictionary: every record is looked up, and enumerating a sorted
    // dictionary allocates (a stack per enumeration); there are only horizon + 1 buckets.
    private readonly List<(long Hour, DedupKeySet Keys)> _buckets = [];
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
        for (var i = 0; i < _buckets.Count; i++)
        {
            if (_buckets[i].Keys.Contains(key))
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

        if (Bucket(eventTime.Ticks / BucketTicks).Add(key))
        {
            Count++;
        }

        if (eventTime > _newest)
        {
            _newest = eventTime;
            var oldestKept = (_newest - horizon).Ticks;
            while (_buckets.Count > 0 && (_buckets[0].Hour + 1) * BucketTicks <= oldestKept)
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

    /// <summary>The bucket of an hour, made (in order) when missing; nearly always the newest, so searched from the end.</summary>
    private DedupKeySet Bucket(long hour)
    {
        var i = _buckets.Count - 1;
        while (i >= 0 && _buckets[i].Hour > hour)
        {
            i--;
        }

        if (i >= 0 && _buckets[i].Hour == hour)
        {
            return _buckets[i].Keys;
        }

        var keys = new DedupKeySet();
        _buckets.Insert(i + 1, (hour, keys));
        return keys;
    }

    private void Drop()
    {
        Count -= _buckets[0].Keys.Count;
        _buckets.RemoveAt(0);
    }
}
