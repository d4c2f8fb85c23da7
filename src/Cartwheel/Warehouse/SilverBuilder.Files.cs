using System.Globalization;
using Cartwheel.Catalog;

namespace Cartwheel.Warehouse;

internal sealed partial class SilverBuilder
{
    /// <summary>Writes the rejected rows of the staged table as quarantine JSON lines and counts them per reason.</summary>
    private List<QuarantineCount> WriteQuarantine(string kind, string dt, string batchId)
    {
        var counts = new List<(string Reason, long Count)>();
        using (var reader = warehouse.Reader("SELECT _reason, count(*) FROM silver_stage WHERE _reason IS NOT NULL GROUP BY 1 ORDER BY 1"))
        {
            while (reader.Read())
            {
                counts.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        if (counts.Count == 0)
        {
            return [];
        }

        var target = Path.Combine(dataDirectory.Quarantine, kind, $"silver-{dt}-{batchId}.jsonl");
        Publish(target, staged => warehouse.Execute(
            $"""
            COPY (SELECT 'silver' AS stage, {Warehouse.Literal(kind)} AS kind, source_file, line_number, _reason AS reason,
                         _detail AS detail, _raw AS raw
                  FROM silver_stage WHERE _reason IS NOT NULL ORDER BY source_file, line_number)
            TO {Warehouse.Literal(staged)} (FORMAT JSON)
            """));
        var relative = dataDirectory.Relative(target);
        return counts.Select(c => new QuarantineCount(batchId, "silver", kind, dt, c.Reason, c.Count, relative)).ToList();
    }

    /// <summary>Writes the accepted rows of the staged table as the partition's new Parquet file.</summary>
    private string WriteSilver(string kind, DateOnly date, string batchId)
    {
        var target = Path.Combine(dataDirectory.PartitionPath("silver", kind, date), batchId + ".parquet");
        Publish(target, staged => warehouse.Execute(
            $"COPY (SELECT * EXCLUDE ({StageOnlyColumns}) FROM silver_stage WHERE _dup_rank = 1) " +
            $"TO {Warehouse.Literal(staged)} (FORMAT PARQUET, COMPRESSION ZSTD)"));
        return target;
    }

    /// <summary>Writes a file to staging, makes it durable, then renames it into place.</summary>
    private void Publish(string target, Action<string> write)
    {
        Directory.CreateDirectory(dataDirectory.Staging);
        var staged = Path.Combine(dataDirectory.Staging, Guid.NewGuid().ToString("N") + Path.GetExtension(target));
        try
        {
            write(staged);
            using (var stream = new FileStream(staged, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(staged, target, overwrite: true);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    /// <summary>After the commit: the partition's previous Parquet file and quarantine files are no longer current.</summary>
    private void RemoveSuperseded(string kind, string dt, SilverPartition? previous, string current, string? currentQuarantine)
    {
        if (previous is not null && dataDirectory.Absolute(previous.Path) != current)
        {
            File.Delete(dataDirectory.Absolute(previous.Path));
        }

        var folder = Path.Combine(dataDirectory.Quarantine, kind);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, string.Create(CultureInfo.InvariantCulture, $"silver-{dt}-*.jsonl")))
        {
            if (currentQuarantine is null || dataDirectory.Relative(file) != currentQuarantine)
            {
                File.Delete(file);
            }
        }
    }
}
