namespace Cartwheel.Streaming;

/// <summary>
/// Where the real-time aggregates live, in Redis's data model so a Redis implementation is a thin mapping:
/// hashes of integer counters and strings (HINCRBY, HSET, HGETALL, HDEL), sorted sets (ZINCRBY, ZADD GT,
/// ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE), sets (SADD, SMEMBERS), DEL, and distinct-count sketches with PFADD /
/// PFCOUNT semantics kept as one string value per key (exact 64-bit hashes up to 2,048, then a precision-14
/// HyperLogLog: the bytes of <c>DistinctSketch</c>; in Redis GET, and a small server-side function for the add and the
/// union's count, as Redis's own PFADD hashes the members itself and is not exact for small sets). Keys are built by <see cref="RealtimeKeys"/>.
/// <see cref="Export"/>/<see cref="Import"/> move the whole state to and from the catalog checkpoint.
/// Single writer (the stream processor); readers (API, dashboard) may call concurrently.
/// </summary>
public interface IRealtimeStore
{
    /// <summary>Adds <paramref name="delta"/> to an integer field of a hash (HINCRBY) and returns the new value.</summary>
    long HashIncrement(string key, string field, long delta);

    /// <summary>Sets a field of a hash (HSET).</summary>
    void HashSet(string key, string field, string value);

    /// <summary>Removes a field of a hash (HDEL).</summary>
    void HashDelete(string key, string field);

    /// <summary>All fields of a hash (HGETALL); empty when the key does not exist.</summary>
    IReadOnlyDictionary<string, string> HashGetAll(string key);

    /// <summary>Adds <paramref name="delta"/> to a member's score (ZINCRBY).</summary>
    void SortedSetIncrement(string key, string member, double delta);

    /// <summary>Sets a member's score when it is greater than its current one or the member is new (ZADD GT).</summary>
    void SortedSetAddIfGreater(string key, string member, double score);

    /// <summary>Members with <paramref name="min"/> ≤ score ≤ <paramref name="max"/>, by score then member (ZRANGEBYSCORE).</summary>
    IReadOnlyList<KeyValuePair<string, double>> SortedSetRangeByScore(string key, double min, double max);

    /// <summary>How many members have <paramref name="min"/> ≤ score ≤ <paramref name="max"/> (ZCOUNT), without listing them.</summary>
    long SortedSetCountByScore(string key, double min, double max);

    /// <summary>Removes the members with <paramref name="min"/> ≤ score ≤ <paramref name="max"/> (ZREMRANGEBYSCORE).</summary>
    void SortedSetRemoveRangeByScore(string key, double min, double max);

    /// <summary>Adds a member to a set (SADD).</summary>
    void SetAdd(string key, string member);

    /// <summary>The members of a set (SMEMBERS).</summary>
    IReadOnlyCollection<string> SetMembers(string key);

    /// <summary>Adds 64-bit hashes of members to the distinct-count sketch at a key (PFADD-like), creating it.</summary>
    void SketchAdd(string key, ReadOnlySpan<ulong> hashes);

    /// <summary>The distinct count of the union of the sketches at <paramref name="keys"/> (PFCOUNT key [key …]-like; missing keys are empty).</summary>
    DistinctCount SketchCount(IReadOnlyList<string> keys);

    /// <summary>The value of a sketch key (GET), or null when the key holds none.</summary>
    byte[]? SketchGet(string key);

    /// <summary>Deletes a key of any type (DEL).</summary>
    void KeyDelete(string key);

    /// <summary>The whole state, detached from the store.</summary>
    RealtimeStoreSnapshot Export();

    /// <summary>Replaces the whole state (with an empty snapshot: clears it).</summary>
    void Import(RealtimeStoreSnapshot snapshot);
}
