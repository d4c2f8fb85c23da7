using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    private const string BronzeColumns = "path, kind, dt, batch_id, file_hash, row_count, size_bytes, sha256, committed_at";

    /// <summary>The ingest record of a file with this content hash, or null when it was never ingested.</summary>
    public IngestedFile? FindIngestedFile(string fileHash)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT file_hash, path, kind, format, size_bytes, rows_received, rows_accepted, rows_quarantined, batch_id, run_id, ingested_at FROM ingested_files WHERE file_hash = $h",
            ReadIngestedFile, ("$h", fileHash)).FirstOrDefault();
    }

    /// <summary>
    /// Whether a file of exactly this many bytes was ingested: when none was, no earlier file can have the same
    /// hash, so ingest can hash a file while it parses it instead of reading it twice.
    /// </summary>
    public bool AnyIngestedFileOfSize(long sizeBytes)
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT 1 FROM ingested_files WHERE size_bytes = $s LIMIT 1", _ => true, ("$s", sizeBytes)).Count > 0;
    }

    /// <summary>All ingested files, oldest first.</summary>
    public IReadOnlyList<IngestedFile> ListIngestedFiles()
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT file_hash, path, kind, format, size_bytes, rows_received, rows_accepted, rows_quarantined, batch_id, run_id, ingested_at FROM ingested_files ORDER BY ingested_at, path",
            ReadIngestedFile);
    }

    /// <summary>
    /// Commits an ingested file: its record, the bronze files it produced (already renamed into place),
    /// its record accounting and quarantine counts, in one transaction. Until this returns the bronze
    /// files are orphans that a restart removes.
    /// </summary>
    public void CommitIngest(IngestedFile file, IReadOnlyList<BronzeFile> bronzeFiles, IReadOnlyList<BatchAccounting> accounting, IReadOnlyList<QuarantineCount> quarantine)
    {
        EnsureBalanced(accounting);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction,
            """
            INSERT INTO ingested_files (file_hash, path, kind, format, size_bytes, rows_received, rows_accepted, rows_quarantined, batch_id, run_id, ingested_at)
            VALUES ($h, $p, $k, $f, $s, $r, $a, $q, $b, $run, $t)
            """,
            ("$h", file.FileHash), ("$p", file.Path), ("$k", file.Kind), ("$f", file.Format), ("$s", file.SizeBytes),
            ("$r", file.RowsReceived), ("$a", file.RowsAccepted), ("$q", file.RowsQuarantined), ("$b", file.BatchId),
            ("$run", file.RunId), ("$t", Format(file.IngestedAt)));
        InsertBronzeFiles(connection, transaction, bronzeFiles);
        InsertAccounting(connection, transaction, accounting);
        InsertQuarantine(connection, transaction, quarantine);
        transaction.Commit();
    }

    /// <summary>Commits bronze files that did not come from an input file (e.g. a stream micro-batch).</summary>
    public void CommitBronzeBatch(IReadOnlyList<BronzeFile> bronzeFiles, IReadOnlyList<BatchAccounting> accounting, IReadOnlyList<QuarantineCount> quarantine)
    {
        EnsureBalanced(accounting);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        InsertBronzeFiles(connection, transaction, bronzeFiles);
        InsertAccounting(connection, transaction, accounting);
        InsertQuarantine(connection, transaction, quarantine);
        transaction.Commit();
    }

    /// <summary>Committed bronze files, optionally of one kind and date, ordered by date and path.</summary>
    public IReadOnlyList<BronzeFile> ListBronzeFiles(string? kind = null, DateOnly? date = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            $"SELECT {BronzeColumns} FROM bronze_files WHERE ($k IS NULL OR kind = $k) AND ($d IS NULL OR dt = $d) ORDER BY kind, dt, path",
            r => new BronzeFile(r.GetString(0), r.GetString(1), ParseDate(r.GetString(2)), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.GetInt64(6), r.GetString(7), ParseTime(r.GetString(8))),
            ("$k", kind), ("$d", date is null ? null : Format(date.Value)));
    }

    /// <summary>The distinct event dates that have bronze data, optionally of one kind, ascending.</summary>
    public IReadOnlyList<DateOnly> ListBronzeDates(string? kind = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT DISTINCT dt FROM bronze_files WHERE ($k IS NULL OR kind = $k) ORDER BY dt",
            r => ParseDate(r.GetString(0)), ("$k", kind));
    }

    /// <summary>The relative paths of every committed bronze file (for orphan detection).</summary>
    public IReadOnlySet<string> BronzePaths()
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT path FROM bronze_files", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
    }

    private static IngestedFile ReadIngestedFile(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
        r.GetInt64(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), ParseTime(r.GetString(10)));

    private static void InsertBronzeFiles(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<BronzeFile> files)
    {
        foreach (var f in files)
        {
            Execute(connection, transaction,
                $"INSERT INTO bronze_files ({BronzeColumns}) VALUES ($p, $k, $d, $b, $h, $n, $s, $sha, $t)",
                ("$p", f.Path), ("$k", f.Kind), ("$d", Format(f.Date)), ("$b", f.BatchId), ("$h", f.FileHash),
                ("$n", f.RowCount), ("$s", f.SizeBytes), ("$sha", f.Sha256), ("$t", Format(f.CommittedAt)));
        }
    }
}
