namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// What the reference path joins each session to before the INSERT (<c>sql/gold/_fact_sessions_events.sql</c>), read
/// once so the C# path looks them up instead: the dim_user versions by user_id (the one valid at the session's start
/// gives user_key) and the built_at of each silver events partition (processing_timestamp, by the start's UTC date).
/// Times are epoch microseconds.
/// </summary>
internal sealed class SessionLookups
{
    private readonly Dictionary<string, List<(long From, long To, long? Key)>> _users = new(StringComparer.Ordinal);

    /// <summary>Users with a version whose bounds are NULL or not finite: a session of theirs is left to the SQL path.</summary>
    private readonly HashSet<string> _unusual = new(StringComparer.Ordinal);

    private readonly Dictionary<long, long> _builtAt = [];

    public static SessionLookups Read(Warehouse warehouse)
    {
        var lookups = new SessionLookups();
        using (var reader = warehouse.Reader(
            "SELECT user_id, CASE WHEN isfinite(effective_from) THEN epoch_us(effective_from) END, " +
            "CASE WHEN isfinite(effective_to) THEN epoch_us(effective_to) END, user_key FROM gold_build.dim_user WHERE user_id IS NOT NULL"))
        {
            while (reader.Read())
            {
                var user = reader.GetString(0);
                if (reader.IsDBNull(1) || reader.IsDBNull(2))
                {
                    lookups._unusual.Add(user);
                    continue;
                }

                if (!lookups._users.TryGetValue(user, out var versions))
                {
                    lookups._users[user] = versions = [];
                }

                versions.Add((reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }
        }

        using (var reader = warehouse.Reader(
            "SELECT datediff('day', DATE '1970-01-01', dt), epoch_us(built_at) FROM silver.partitions WHERE kind = 'events' AND built_at IS NOT NULL"))
        {
            while (reader.Read())
            {
                lookups._builtAt[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        return lookups;
    }

    /// <summary>
    /// The user_key of the version of <paramref name="user"/> valid at <paramref name="start"/> (null when none or no
    /// user); false when the join would not give one row (overlapping versions, unusual bounds).
    /// </summary>
    public bool TryUserKey(string? user, long start, out long? key)
    {
        key = null;
        if (user is null || !_users.TryGetValue(user, out var versions))
        {
            return user is null || !_unusual.Contains(user);
        }

        var matches = 0;
        foreach (var (from, to, version) in versions)
        {
            if (from <= start && start < to)
            {
                key = version;
                matches++;
            }
        }

        return matches <= 1 && !_unusual.Contains(user);
    }

    /// <summary>The built_at of the events partition of day <paramref name="day"/> (days since 1970-01-01), null when none.</summary>
    public long? BuiltAt(long day) => _builtAt.TryGetValue(day, out var builtAt) ? builtAt : null;
}
