using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>
    /// Every file of the current silver partitions, optionally of one kind: each partition's base file
    /// (<see cref="SilverPartition.Path"/>) and the files appended to it since, by kind, date and path.
    /// </summary>
    public IReadOnlyList<SilverFile> ListSilverFiles(string? kind = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            """
            SELECT kind, dt, path, row_count, batch_id FROM (
                SELECT p.kind, p.dt, p.path, p.row_count - coalesce((SELECT sum(f.row_count) FROM silver_files f WHERE f.kind = p.kind AND f.dt = p.dt), 0) AS row_count,
                    p.batch_id, 0 AS appended
                FROM silver_partitions p
                UNION ALL
                SELECT kind, dt, path, row_count, batch_id, 1 FROM silver_files)
            WHERE ($k IS NULL OR kind = $k) ORDER BY kind, dt, appended, path
            """,
            r => new SilverFile(r.GetString(0), ParseDate(r.GetString(1)), r.GetString(2), r.GetInt64(3), r.GetString(4)),
            ("$k", kind));
    }

    /// <summary>
    /// Commits an append to (or a rewrite of) a silver partition in one transaction: its row (base file, total rows,
    /// the append's batch id), its appended files (replacing the recorded ones), its record accounting (the
    /// partition's new totals, replacing the old row), the quarantine counts of the new bronze rows (added to the
    /// partition's earlier ones, which stay with their files) and the fingerprint of all its bronze inputs.
    /// </summary>
    public void CommitSilverAppend(SilverAppendCommit commit)
    {
        var (partition, appended, accounting, quarantine, fingerprint) = commit;
        EnsureBalanced([accounting]);
        var dt = Format(partition.Date);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM batches WHERE stage = 'silver' AND kind = $k AND dt = $d", ("$k", partition.Kind), ("$d", dt));
        Execute(connection, transaction, "DELETE FROM silver_files WHERE kind = $k AND dt = $d", ("$k", partition.Kind), ("$d", dt));
        UpsertSilverPartition(connection, transaction, partition);
        foreach (var file in appended)
        {
            Execute(connection, transaction, "INSERT INTO silver_files (kind, dt, path, row_count, batch_id) VALUES ($k, $d, $p, $n, $b)",
                ("$k", partition.Kind), ("$d", dt), ("$p", file.Path), ("$n", file.RowCount), ("$b", file.BatchId));
        }

        InsertAccounting(connection, transaction, [accounting]);
        InsertQuarantine(connection, transaction, quarantine);
        SetSilverFingerprint(connection, transaction, partition.Kind, dt, fingerprint);
        transaction.Commit();
    }

    private static void UpsertSilverPartition(SqliteConnection connection, SqliteTransaction transaction, SilverPartition partition) =>
        Execute(connection, transaction,
            """
            INSERT INTO silver_partitions (kind, dt, path, row_count, batch_id, run_id, built_at) VALUES ($k, $d, $p, $n, $b, $r, $t)
            ON CONFLICT (kind, dt) DO UPDATE SET path = excluded.path, row_count = excluded.row_count, batch_id = excluded.batch_id,
                run_id = excluded.run_id, built_at = excluded.built_at
            """,
            ("$k", partition.Kind), ("$d", Format(partition.Date)), ("$p", partition.Path), ("$n", partition.RowCount), ("$b", partition.BatchId),
            ("$r", partition.RunId), ("$t", Format(partition.BuiltAt)));
}
