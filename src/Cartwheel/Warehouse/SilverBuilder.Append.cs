using Cartwheel.Catalog;

namespace Cartwheel.Warehouse;

/// <summary>
/// The append path: when a partition's current build read exactly its bronze files but the newest ones (its recorded
/// fingerprint is that of the older files), only the new files are parsed, typed and validated (the same
/// <c>sql/silver/&lt;kind&gt;.sql</c>), and their accepted rows are deduplicated against the partition's current rows
/// by the kind's rule. Because the current rows are the winners among the older bronze rows, the winner of a key
/// among all rows is the better of its current row and its best new copy, so the result equals a full build:
/// new keys go to a new file appended to the partition; when a new copy beats a current row (an order's later
/// version, or a copy ingested earlier than the kept one), the partition is rewritten as one file from its current
/// rows and the new winners (no bronze is re-parsed). Accounting adds up to the full build's totals. Events' new
/// files are parsed and deduplicated by the C# pass where it applies (decision 39), the SQL staging being the fallback.
/// </summary>
internal sealed partial class SilverBuilder
{
    /// <summary>Files appended to a partition before the next append rewrites it as one file (about two days of hourly appends).</summary>
    internal const int MaxAppendedFiles = 48;

    /// <summary>
    /// The bronze files a partition gained since its current build, when that build read exactly the others (the
    /// newest by commit time): null when the partition must be built in full (its fingerprint matches no such
    /// subset: a file was removed or rewritten, the logic version changed, or it was never built with one).
    /// </summary>
    private static List<BronzeFile>? AddedFiles(PartitionInput input, string? built)
    {
        if (built is null)
        {
            return null;
        }

        var ordered = input.Files.OrderBy(f => f.CommittedAt).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        for (var added = 1; added < ordered.Count; added++)
        {
            if (Fingerprint(ordered.Take(ordered.Count - added)) == built)
            {
                return ordered.Skip(ordered.Count - added).ToList();
            }
        }

        return null;
    }

    private PartitionReport Append(string kind, PartitionInput input, List<BronzeFile> added, SilverPartition partition,
        List<SilverFile> files, BatchAccounting before, string? runId, CancellationToken cancellationToken)
    {
        var (key, order) = DedupRules[kind];
        var batchId = CatalogStore.NewId("silver");
        var date = input.Date;
        var existing = $"read_parquet({Warehouse.FileList(files.Select(f => dataDirectory.Absolute(f.Path)))}, hive_partitioning = false)";
        var match = string.Join(" AND ", key.Select(c => $"n.{c} = e.{c}"));
        var scanned = kind == "events" && NativeEvents ? ScanEvents(date, added, cancellationToken) : null;
        try
        {
            // The new rows, deduplicated among themselves: by the C# pass (decision 39), else by the kind's SQL.
            string newRows;
            long valid;
            if (scanned is not null)
            {
                StageRejected(scanned.Rejected.Select(r => (date, r)));
                newRows = $"(SELECT *, DATE '{Dt(date)}' AS dt FROM read_parquet({Warehouse.Literal(scanned.StagedFile)}))";
                valid = scanned.Accepted + scanned.Duplicates;
            }
            else
            {
                Stage(kind, added);
                newRows = $"(SELECT * EXCLUDE ({StageOnlyColumns}) FROM silver_stage WHERE _dup_rank = 1)";
                valid = warehouse.Scalar<long>("SELECT count(*) FROM silver_stage WHERE _dup_rank IS NOT NULL");
            }

            // The best new copy of each key, whether the partition has the key, and whether the new copy comes first.
            var existingKeys = $"(SELECT {string.Join(", ", key.Concat(order.Select(o => o.Column)).Distinct())} FROM {existing})";
            long fresh, wins;
            if (scanned is not null && files.Count <= MaxAppendedFiles
                && warehouse.Scalar<long>($"SELECT count(*) FROM (SELECT {key[0]} FROM {existing}) e SEMI JOIN (SELECT {key[0]} FROM read_parquet({Warehouse.Literal(scanned.StagedFile)})) n ON {match}") == 0)
            {
                // Only new keys (the usual hour): the pass's file is appended as it is, its rows never copied into DuckDB.
                // The semi join's hash table holds the new keys (its right side); the partition's keys only probe it.
                (fresh, wins) = (scanned.Accepted, 0);
            }
            else
            {
                warehouse.Execute(
                    $"""
                    CREATE OR REPLACE TEMP TABLE silver_append AS
                    SELECT n.*, e.{key[0]} IS NOT NULL AS _exists, coalesce({Before("n", "e", order, 0)}, false) AS _wins
                    FROM {newRows} n LEFT JOIN {existingKeys} e ON {match}
                    """);
                fresh = warehouse.Scalar<long>("SELECT count(*) FROM silver_append WHERE NOT _exists");
                wins = warehouse.Scalar<long>("SELECT count(*) FROM silver_append WHERE _wins");
            }

            var rejected = WriteQuarantine(kind, batchId).GetValueOrDefault(date) ?? [];

            const string Columns = "* EXCLUDE (dt, _exists, _wins)";
            var rewrite = wins > 0 || files.Count > MaxAppendedFiles;
            var target = Path.Combine(dataDirectory.PartitionPath("silver", kind, date), batchId + ".parquet");
            if (rewrite)
            {
                Publish(target, staged => warehouse.Execute(
                    $"""
                    COPY (SELECT * FROM {existing} e WHERE NOT EXISTS (SELECT 1 FROM silver_append n WHERE n._wins AND {match})
                          UNION ALL SELECT {Columns} FROM silver_append WHERE NOT _exists OR _wins)
                    TO {Warehouse.Literal(staged)} (FORMAT PARQUET, COMPRESSION ZSTD)
                    """));
            }
            else if (scanned is not null && fresh == scanned.Accepted)
            {
                // Every new row is a new key: the C# pass's file is the appended file.
                Publish(target, staged => File.Move(scanned.StagedFile, staged));
            }
            else if (fresh > 0)
            {
                Publish(target, staged => warehouse.Execute(
                    $"COPY (SELECT {Columns} FROM silver_append WHERE NOT _exists) TO {Warehouse.Literal(staged)} (FORMAT PARQUET, COMPRESSION ZSTD)"));
            }

            // Silver's content is unchanged when nothing was added or replaced: the partition keeps its batch id (gold keys on it).
            var changed = rewrite || fresh > 0;
            var dt = Dt(date);
            List<SilverFile> appended = rewrite ? [] : [.. files.Where(f => f.Path != partition.Path)];
            if (!rewrite && fresh > 0)
            {
                appended.Add(new SilverFile(kind, date, dataDirectory.Relative(target), fresh, batchId));
            }

            var accounting = new BatchAccounting(batchId, "silver", kind, dt, $"bronze/{kind}/dt={dt}", runId,
                before.Received + added.Sum(f => f.RowCount), before.Accepted + fresh, before.Quarantined + rejected.Sum(q => q.Count),
                before.Duplicates + valid - fresh);
            var row = new SilverPartition(kind, date, rewrite ? dataDirectory.Relative(target) : partition.Path, partition.RowCount + fresh,
                changed ? batchId : partition.BatchId, runId, DateTimeOffset.UtcNow);
            catalog.CommitSilverAppend(new SilverAppendCommit(row, appended, accounting, rejected, input.Fingerprint));
            if (rewrite)
            {
                foreach (var file in files.Select(f => dataDirectory.Absolute(f.Path)).Where(f => f != target))
                {
                    File.Delete(file);
                }
            }

            return new PartitionReport(kind, date, accounting.Received, accounting.Accepted, accounting.Quarantined, accounting.Duplicates, Rebuilt: true);
        }
        finally
        {
            if (scanned is not null)
            {
                File.Delete(scanned.StagedFile);
            }

            warehouse.Execute("DROP TABLE IF EXISTS silver_append; DROP TABLE IF EXISTS silver_stage; DROP VIEW IF EXISTS silver_input; DROP TABLE IF EXISTS silver_input_rows;");
        }
    }

    /// <summary>SQL that is true when row <paramref name="a"/> comes before row <paramref name="b"/> in a dedup order (lexicographic).</summary>
    private static string Before(string a, string b, (string Column, bool Descending)[] order, int i)
    {
        var (column, descending) = order[i];
        var first = $"{a}.{column} {(descending ? ">" : "<")} {b}.{column}";
        return i == order.Length - 1 ? first : $"({first} OR ({a}.{column} = {b}.{column} AND {Before(a, b, order, i + 1)}))";
    }
}
