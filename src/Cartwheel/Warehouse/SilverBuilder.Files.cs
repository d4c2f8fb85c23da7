using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Lake;

namespace Cartwheel.Warehouse;

internal sealed partial class SilverBuilder
{
    /// <summary>Writes the rejected rows of the staged table as quarantine JSON lines, one file per partition, and counts them per reason.</summary>
    private Dictionary<DateOnly, List<QuarantineCount>> WriteQuarantine(string kind, string batchId)
    {
        var counts = new List<(DateOnly Date, string Reason, long Count)>();
        using (var reader = warehouse.Reader("SELECT dt, _reason, count(*) FROM silver_stage WHERE _reason IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"))
        {
            while (reader.Read())
            {
                counts.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        if (counts.Count == 0)
        {
            return [];
        }

        // DuckDB's JSON writer has no PARTITION_BY: one COPY per partition that has rejected rows (few).
        var targets = new Dictionary<DateOnly, string>();
        foreach (var date in counts.Select(c => c.Date).Distinct())
        {
            targets[date] = Path.Combine(dataDirectory.Quarantine, kind, $"silver-{Dt(date)}-{batchId}.jsonl");
            Publish(targets[date], staged => warehouse.Execute(
                $"""
                COPY (SELECT 'silver' AS stage, {Warehouse.Literal(kind)} AS kind, source_file, line_number, _reason AS reason,
                             _detail AS detail, _raw AS raw
                      FROM silver_stage WHERE _reason IS NOT NULL AND dt = DATE '{Dt(date)}' ORDER BY source_file, line_number)
                TO {Warehouse.Literal(staged)} (FORMAT JSON)
                """));
        }

        return counts.GroupBy(c => c.Date).ToDictionary(g => g.Key, g => g
            .Select(c => new QuarantineCount(batchId, "silver", kind, Dt(c.Date), c.Reason, c.Count, dataDirectory.Relative(targets[c.Date])))
            .ToList());
    }

    /// <summary>
    /// Writes the accepted rows of the staged table as each partition's new Parquet file (an empty file when none was
    /// accepted). <paramref name="smallPartitions"/>: the partitions hold a few hundred rows each (the dimensions'
    /// daily history), where DuckDB's second thread costs more CPU than it saves (decision 33).
    /// </summary>
    private Dictionary<DateOnly, string> WriteSilver(string kind, string batchId, IEnumerable<DateOnly> dates, bool smallPartitions)
    {
        string Target(DateOnly date) => Path.Combine(dataDirectory.PartitionPath("silver", kind, date), batchId + ".parquet");
        var targets = PublishPartitioned(batchId, Target, smallPartitions, staging =>
            $"COPY (SELECT * EXCLUDE ({StageOnlyColumns}) FROM silver_stage WHERE _dup_rank = 1) " +
            $"TO {Warehouse.Literal(staging)} (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (dt))");
        foreach (var date in dates.Where(d => !targets.ContainsKey(d)))
        {
            // No accepted row (an empty file keeps the schema), or DuckDB split the partition over several files
            // (it does past its open-file limits): write that partition alone, as one file.
            targets[date] = Target(date);
            Publish(targets[date], staged => warehouse.Execute(
                $"COPY (SELECT * EXCLUDE ({StageOnlyColumns}, dt) FROM silver_stage WHERE _dup_rank = 1 AND dt = DATE '{Dt(date)}') " +
                $"TO {Warehouse.Literal(staged)} (FORMAT PARQUET, COMPRESSION ZSTD)"));
        }

        return targets;
    }

    /// <summary>
    /// Runs a partitioned COPY into a fresh staging folder, then renames each partition's file to its target and
    /// makes them all durable. Returns the target per partition date; a partition DuckDB wrote as several files is
    /// left out (the caller writes it alone). <paramref name="singleThreaded"/> runs the COPY on one DuckDB thread.
    /// </summary>
    private Dictionary<DateOnly, string> PublishPartitioned(string batchId, Func<DateOnly, string> target, bool singleThreaded, Func<string, string> copy)
    {
        var staging = Path.Combine(dataDirectory.Staging, $"silver-{batchId}");
        try
        {
            // Dimensions have hundreds of daily partitions; past DuckDB's open-file limit (100) it splits them into files.
            warehouse.Execute("SET partitioned_write_max_open_files = 4096");
            var threads = warehouse.Scalar<long>("SELECT current_setting('threads')");
            try
            {
                if (singleThreaded)
                {
                    warehouse.Execute("SET threads = 1");
                }

                warehouse.Execute(copy(staging));
            }
            finally
            {
                warehouse.Execute(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}"));
            }

            var targets = new Dictionary<DateOnly, string>();
            foreach (var folder in Directory.Exists(staging) ? Directory.EnumerateDirectories(staging, "dt=*") : [])
            {
                var date = DateOnly.ParseExact(Path.GetFileName(folder)["dt=".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var files = Directory.EnumerateFiles(folder).ToList();
                if (files.Count != 1)
                {
                    continue;
                }

                var file = files[0];
                targets[date] = target(date);
                Directory.CreateDirectory(Path.GetDirectoryName(targets[date])!);
                File.Move(file, targets[date], overwrite: true);
            }

            // One flush of the whole file system makes every moved file and its folder entry durable before the
            // catalog commit (an fsync per file and folder cost seconds for a dimension with hundreds of partitions).
            FileSync.FileSystem(dataDirectory.Lake);
            return targets;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Writes a single file to staging, makes it durable, then renames it into place.</summary>
    private void Publish(string target, Action<string> write)
    {
        Directory.CreateDirectory(dataDirectory.Staging);
        var staged = Path.Combine(dataDirectory.Staging, "silver-" + Guid.NewGuid().ToString("N") + Path.GetExtension(target));
        try
        {
            write(staged);
            FileSync.File(staged);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(staged, target, overwrite: true);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    /// <summary>After the commit of a full build: the partition's previous Parquet files and quarantine files are no longer current.</summary>
    private void RemoveSuperseded(string kind, DateOnly date, IEnumerable<SilverFile> previous, string current, string? currentQuarantine)
    {
        foreach (var file in previous.Select(f => dataDirectory.Absolute(f.Path)).Where(f => f != current))
        {
            File.Delete(file);
        }

        var folder = Path.Combine(dataDirectory.Quarantine, kind);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, $"silver-{Dt(date)}-*.jsonl"))
        {
            if (currentQuarantine is null || dataDirectory.Relative(file) != currentQuarantine)
            {
                File.Delete(file);
            }
        }
    }
}
