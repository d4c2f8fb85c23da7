using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>
    /// Commits a stream micro-batch in one transaction: bronze files, accounting, quarantine counts, consumer
    /// positions, the batch record and the real-time checkpoint. Until this returns the bronze files are
    /// orphans and the records are still consumed from the old positions.
    /// </summary>
    public void CommitStreamBatch(StreamCommit commit)
    {
        EnsureBalanced(commit.Accounting);
        var b = commit.Batch;
        if (!b.Balances)
        {
            throw new CartwheelException(ErrorCodes.AccountingMismatch,
                $"Stream batch {b.BatchId} does not balance: received {b.Received}, accepted {b.Accepted}, quarantined {b.Quarantined}, duplicates {b.Duplicates}, on time {b.OnTime}, late {b.Late}.");
        }

        var now = Now();
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        InsertBronzeFiles(connection, transaction, commit.BronzeFiles);
        InsertAccounting(connection, transaction, commit.Accounting);
        InsertQuarantine(connection, transaction, commit.Quarantine);
        foreach (var p in commit.Positions)
        {
            Execute(connection, transaction,
                """
                INSERT INTO source_positions (source, partition, next_offset, updated_at) VALUES ($s, $p, $o, $t)
                ON CONFLICT (source, partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at
                """,
                ("$s", p.Source), ("$p", p.Partition), ("$o", p.NextOffset), ("$t", now));
        }

        Execute(connection, transaction,
            """
            INSERT INTO stream_batches (batch_id, source, received, accepted, quarantined, duplicates, on_time, late, watermark, committed_at)
            VALUES ($b, $s, $r, $a, $q, $d, $o, $l, $w, $t)
            """,
            ("$b", b.BatchId), ("$s", b.Source), ("$r", b.Received), ("$a", b.Accepted), ("$q", b.Quarantined), ("$d", b.Duplicates),
            ("$o", b.OnTime), ("$l", b.Late), ("$w", b.Watermark is { } w ? Format(w) : null), ("$t", Format(b.CommittedAt)));
        AppendStatePart(connection, transaction, b, commit.Checkpoint, now);
        transaction.Commit();
    }

    /// <summary>The committed consumer positions of a source, by partition.</summary>
    public IReadOnlyList<SourcePosition> ListSourcePositions(string source)
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT source, partition, next_offset FROM source_positions WHERE source = $s ORDER BY partition",
            r => new SourcePosition(r.GetString(0), r.GetInt32(1), r.GetInt64(2)), ("$s", source));
    }

    /// <summary>
    /// The real-time checkpoint of a source as committed: the parts from the last full one on, in order (empty when
    /// none was written), and the JSON checkpoint of a catalog from before the state log when no full part replaced it yet.
    /// </summary>
    public (IReadOnlyList<StreamStatePart> Parts, string? LegacyJson) ReadStreamState(string source)
    {
        using var connection = OpenConnection();
        var parts = Query(connection,
            """
            SELECT is_full, state FROM stream_state_log
            WHERE source = $s AND seq >= (SELECT COALESCE(MAX(seq), 0) FROM stream_state_log WHERE source = $s AND is_full = 1)
            ORDER BY seq
            """,
            r => new StreamStatePart(r.GetInt64(0) == 1, (byte[])r.GetValue(1)), ("$s", source));
        var legacy = parts.Count > 0 && parts[0].IsFull ? null
            : Query(connection, "SELECT state FROM stream_checkpoints WHERE source = $s", r => r.GetString(0), ("$s", source)).FirstOrDefault();
        return (parts, legacy);
    }

    private static void AppendStatePart(SqliteConnection connection, SqliteTransaction transaction, StreamBatchRecord batch, StreamStatePart part, string now)
    {
        var seq = Query(connection, transaction, "SELECT COALESCE(MAX(seq), 0) + 1 FROM stream_state_log WHERE source = $s", r => r.GetInt64(0), ("$s", batch.Source))[0];
        Execute(connection, transaction,
            "INSERT INTO stream_state_log (source, seq, batch_id, is_full, state, saved_at) VALUES ($s, $q, $b, $f, $j, $t)",
            ("$s", batch.Source), ("$q", seq), ("$b", batch.BatchId), ("$f", part.IsFull ? 1 : 0), ("$j", part.State), ("$t", now));
        if (part.IsFull)
        {
            // The new full part makes everything before it (and a pre-013 JSON checkpoint) unnecessary.
            Execute(connection, transaction, "DELETE FROM stream_state_log WHERE source = $s AND seq < $q", ("$s", batch.Source), ("$q", seq));
            Execute(connection, transaction, "DELETE FROM stream_checkpoints WHERE source = $s", ("$s", batch.Source));
        }
    }

    /// <summary>The committed micro-batches of a source, oldest first.</summary>
    public IReadOnlyList<StreamBatchRecord> ListStreamBatches(string source)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT batch_id, source, received, accepted, quarantined, duplicates, on_time, late, watermark, committed_at FROM stream_batches WHERE source = $s ORDER BY committed_at, batch_id",
            r => new StreamBatchRecord(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7), r.IsDBNull(8) ? null : ParseTime(r.GetString(8)), ParseTime(r.GetString(9))),
            ("$s", source));
    }
}
