using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>Record accounting rows, optionally of one stage, oldest first.</summary>
    public IReadOnlyList<BatchAccounting> ListBatches(string? stage = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT batch_id, stage, kind, dt, source, run_id, received, accepted, quarantined, duplicates FROM batches WHERE ($s IS NULL OR stage = $s) ORDER BY recorded_at, batch_id, kind, dt",
            ReadBatch, ("$s", stage));
    }

    /// <summary>Every record accounting row with the time it was recorded (the error rate places ingest batches by it).</summary>
    public IReadOnlyList<(BatchAccounting Batch, DateTimeOffset RecordedAt)> ListBatchesWithTime()
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT batch_id, stage, kind, dt, source, run_id, received, accepted, quarantined, duplicates, recorded_at FROM batches ORDER BY recorded_at, batch_id, kind, dt",
            r => (ReadBatch(r), ParseTime(r.GetString(10))));
    }

    private static BatchAccounting ReadBatch(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9));

    /// <summary>Quarantine counts by batch and reason, optionally of one stage.</summary>
    public IReadOnlyList<QuarantineCount> ListQuarantineCounts(string? stage = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT batch_id, stage, kind, dt, reason, count, path FROM quarantine_counts WHERE ($s IS NULL OR stage = $s) ORDER BY stage, kind, dt, reason",
            r => new QuarantineCount(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6)),
            ("$s", stage));
    }

    /// <summary>
    /// Replaces the current build of a silver partition, its record accounting and its quarantine counts
    /// in one transaction (a rebuilt partition's old counts no longer apply).
    /// </summary>
    public void CommitSilverPartition(SilverPartition partition, BatchAccounting accounting, IReadOnlyList<QuarantineCount> quarantine) =>
        CommitSilverPartitions([new SilverCommit(partition, accounting, quarantine, null)]);

    /// <summary>
    /// As <see cref="CommitSilverPartition(SilverPartition, BatchAccounting, IReadOnlyList{QuarantineCount})"/>, and records
    /// the fingerprint of the bronze inputs the build read (null forgets it) in the same transaction.
    /// </summary>
    public void CommitSilverPartition(SilverPartition partition, BatchAccounting accounting, IReadOnlyList<QuarantineCount> quarantine, string? inputFingerprint) =>
        CommitSilverPartitions([new SilverCommit(partition, accounting, quarantine, inputFingerprint)]);

    /// <summary>Commits the new builds of several silver partitions in one transaction (one fsync for all).</summary>
    public void CommitSilverPartitions(IReadOnlyList<SilverCommit> commits)
    {
        EnsureBalanced([.. commits.Select(c => c.Accounting)]);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var (partition, accounting, quarantine, fingerprint) in commits)
        {
            var dt = Format(partition.Date);
            Execute(connection, transaction, "DELETE FROM batches WHERE stage = 'silver' AND kind = $k AND dt = $d", ("$k", partition.Kind), ("$d", dt));
            Execute(connection, transaction, "DELETE FROM quarantine_counts WHERE stage = 'silver' AND kind = $k AND dt = $d", ("$k", partition.Kind), ("$d", dt));
            Execute(connection, transaction, "DELETE FROM silver_files WHERE kind = $k AND dt = $d", ("$k", partition.Kind), ("$d", dt));
            UpsertSilverPartition(connection, transaction, partition);
            InsertAccounting(connection, transaction, [accounting]);
            InsertQuarantine(connection, transaction, quarantine);
            SetSilverFingerprint(connection, transaction, partition.Kind, dt, fingerprint);
        }

        transaction.Commit();
    }

    /// <summary>The current silver partitions, optionally of one kind.</summary>
    public IReadOnlyList<SilverPartition> ListSilverPartitions(string? kind = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT kind, dt, path, row_count, batch_id, run_id, built_at FROM silver_partitions WHERE ($k IS NULL OR kind = $k) ORDER BY kind, dt",
            r => new SilverPartition(r.GetString(0), ParseDate(r.GetString(1)), r.GetString(2), r.GetInt64(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), ParseTime(r.GetString(6))),
            ("$k", kind));
    }

    /// <summary>Forgets every silver partition and its accounting (before a full rebuild).</summary>
    public void ClearSilver()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM silver_partitions");
        Execute(connection, transaction, "DELETE FROM silver_files");
        Execute(connection, transaction, "DELETE FROM batches WHERE stage = 'silver'");
        Execute(connection, transaction, "DELETE FROM quarantine_counts WHERE stage = 'silver'");
        Execute(connection, transaction, "DELETE FROM silver_inputs");
        transaction.Commit();
    }

    private static void EnsureBalanced(IReadOnlyList<BatchAccounting> accounting)
    {
        foreach (var a in accounting.Where(a => !a.Balances))
        {
            throw new CartwheelException(ErrorCodes.AccountingMismatch,
                $"Record accounting does not balance for {a.Stage} {a.Kind} {a.Date} ({a.Source}): received {a.Received} ≠ accepted {a.Accepted} + quarantined {a.Quarantined} + duplicates {a.Duplicates}.");
        }
    }

    private static void InsertAccounting(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<BatchAccounting> accounting)
    {
        foreach (var a in accounting)
        {
            Execute(connection, transaction,
                """
                INSERT INTO batches (batch_id, stage, kind, dt, source, run_id, received, accepted, quarantined, duplicates, recorded_at)
                VALUES ($b, $s, $k, $d, $src, $r, $rec, $acc, $q, $dup, $t)
                """,
                ("$b", a.BatchId), ("$s", a.Stage), ("$k", a.Kind), ("$d", a.Date), ("$src", a.Source), ("$r", a.RunId),
                ("$rec", a.Received), ("$acc", a.Accepted), ("$q", a.Quarantined), ("$dup", a.Duplicates), ("$t", Now()));
        }
    }

    private static void InsertQuarantine(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<QuarantineCount> quarantine)
    {
        foreach (var q in quarantine)
        {
            Execute(connection, transaction,
                "INSERT INTO quarantine_counts (batch_id, stage, kind, dt, reason, count, path) VALUES ($b, $s, $k, $d, $r, $n, $p)",
                ("$b", q.BatchId), ("$s", q.Stage), ("$k", q.Kind), ("$d", q.Date), ("$r", q.Reason), ("$n", q.Count), ("$p", q.Path));
        }
    }
}
