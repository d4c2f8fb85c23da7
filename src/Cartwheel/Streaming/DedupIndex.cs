namespace Cartwheel.Streaming;

/// <summary>
/// The keys of the records accepted within the dedup horizon, in hash sets per hour of event time.
/// A bucket expires when its whole hour is older than the newest event time seen − the horizon, so the
/// index holds at most the records of horizon + 1 hours; <c>maxKeys</c> caps it further by dropping the
/// oldest bucket early (the horizon shrinks; counted in <see cref="Evictions"/>). An hour's bucket is sealed at
/// <c>sealAtKeys</c> and the hour goes on in a new one, so the cap binds within a busy hour too (one bucket per
/// hour would grow without bound at a sustained rate: 110K events/s is 400M keys an hour). A record older than the
/// horizon cannot be checked and is accepted (silver deduplicates it). Memory 21–43 bytes a key (<see cref="DedupKeySet"/>).
/// </summary>
internal sealed class DedupIndex(TimeSpan horizon, int maxKeys, int sealAtKeys = DedupIndex.SealAtKeys)
{
    /// <summary>
    /// Keys after which an hour's bucket is sealed: below 0.7 of a 2^22-slot table, so that with 256 segments
    /// (~11.3K keys each, σ ≈ 106) no segment passes its 3/4 growth threshold of 12,288 keys before the seal (decision 59).
    /// </summary>
    internal const int SealAtKeys = 2_900_000;

    private static readonly long BucketTicks = TimeSpan.TicksPerHour;

    // Oldest first. A list rather than a SortedDictionary: every record is looked up, and enumerating a sorted
    // dictionary allocates (a stack per enumeration); there are only horizon + 1 buckets.
    private readonly List<(long Hour, DedupKeySet Keys)> _buckets = [];
    private DateTime _newest = DateTime.MinValue;

    /// <summary>
    /// Slot arrays released (outgrown or of a dropped bucket) since the last collection this index asked for. They are
    /// large objects, freed only by a full collection, which the GC may not run for a long time on its own: a busy
    /// hour's set outgrows ~130 MB of arrays within a few seconds (decision 58), which would stay resident as garbage.
    /// </summary>
    private long _released;

    /// <summary>Released bytes after which the index asks for a background full collection.</summary>
    internal const long CollectAfterBytes = 32L << 20;

    /// <summary>Background collections asked for by the index.</summary>
    public long Collections { get; private set; }

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

        var bucket = Bucket(eventTime.Ticks / BucketTicks);
        var released = bucket.ReleasedBytes;
        if (bucket.Add(key))
        {
            Count++;
        }

        _released += bucket.ReleasedBytes - released;

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

        if (_released >= CollectAfterBytes)
        {
            _released = 0;
            Collections++;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        }
    }

    /// <summary>
    /// The open bucket of an hour (its last), made (in order) when missing or sealed; nearly always the newest, so
    /// searched from the end.
    /// </summary>
    private DedupKeySet Bucket(long hour)
    {
        var i = _buckets.Count - 1;
        while (i >= 0 && _buckets[i].Hour > hour)
        {
            i--;
        }

        if (i >= 0 && _buckets[i].Hour == hour && _buckets[i].Keys.Count < sealAtKeys)
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
        _released += _buckets[0].Keys.Bytes;
        _buckets.RemoveAt(0);
    }
}
