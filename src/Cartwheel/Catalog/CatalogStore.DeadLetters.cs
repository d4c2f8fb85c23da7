using Cartwheel.Resilience;
using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    private const string DeadLetterColumns =
        "id, source, record_key, payload, error, attempts, first_failure_at, last_failure_at, status, replayed_at";

    /// <summary>
    /// Records a failure of (source, key): a new dead letter, or the existing one with its attempts increased, the
    /// latest payload and error, and status pending again. Returns it.
    /// </summary>
    internal DeadLetter UpsertDeadLetter(string source, string key, string payload, string error, int attempts, DateTimeOffset at)
    {
        using var connection = OpenConnection();
        Execute(connection, null,
            """
            INSERT INTO dead_letters (source, record_key, payload, error, attempts, first_failure_at, last_failure_at, status)
            VALUES ($s, $k, $p, $e, $a, $t, $t, 'pending')
            ON CONFLICT (source, record_key) DO UPDATE SET payload = excluded.payload, error = excluded.error,
                attempts = attempts + excluded.attempts, last_failure_at = excluded.last_failure_at, status = 'pending', replayed_at = NULL
            """,
            ("$s", source), ("$k", key), ("$p", payload), ("$e", error), ("$a", attempts), ("$t", Format(at)));
        return Query(connection, $"SELECT {DeadLetterColumns} FROM dead_letters WHERE source = $s AND record_key = $k", ReadDeadLetter,
            ("$s", source), ("$k", key))[0];
    }

    internal IReadOnlyList<DeadLetter> ListDeadLetters(string? source, long? id, bool includeReplayed)
    {
        using var connection = OpenConnection();
        return Query(connection,
            $"SELECT {DeadLetterColumns} FROM dead_letters WHERE ($s IS NULL OR source = $s) AND ($id IS NULL OR id = $id) AND ($all = 1 OR status = 'pending') ORDER BY id",
            ReadDeadLetter, ("$s", source), ("$id", id), ("$all", includeReplayed ? 1 : 0));
    }

    internal void MarkDeadLetterReplayed(long id, DateTimeOffset at)
    {
        using var connection = OpenConnection();
        Execute(connection, null, "UPDATE dead_letters SET status = 'replayed', replayed_at = $t WHERE id = $id", ("$t", Format(at)), ("$id", id));
    }

    private static DeadLetter ReadDeadLetter(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), ParseTime(r.GetString(6)),
        ParseTime(r.GetString(7)), r.GetString(8) == "replayed" ? DeadLetterStatus.Replayed : DeadLetterStatus.Pending,
        r.IsDBNull(9) ? null : ParseTime(r.GetString(9)));
}
