using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse;

/// <summary>
/// Builds one silver partition (kind, date) from its committed bronze files, set-based in DuckDB:
/// parse + type + validate + rank duplicates in one staged table (<c>sql/silver/&lt;kind&gt;.sql</c>), then
/// rejected rows to quarantine JSON lines and accepted rows to ZSTD Parquet (staging → fsync → rename →
/// catalog commit → old file removed). Skipped when the bronze inputs' fingerprint is unchanged.
/// </summary>
internal sealed partial class SilverBuilder(DataDirectory dataDirectory, CatalogStore catalog, Warehouse warehouse)
{
    /// <summary>Columns of the staged table that are not silver columns.</summary>
    internal const string StageOnlyColumns = "_reason, _detail, _dup_rank, _raw";

    public PartitionReport? Build(string kind, DateOnly date, string? runId)
    {
        var files = catalog.ListBronzeFiles(kind, date);
        if (files.Count == 0)
        {
            return null;
        }

        var fingerprint = Fingerprint(files);
        var current = catalog.ListSilverPartitions(kind).FirstOrDefault(p => p.Date == date);
        if (current is not null && catalog.FindSilverFingerprint(kind, date) == fingerprint
            && File.Exists(dataDirectory.Absolute(current.Path)))
        {
            return Current(kind, date);
        }

        var batchId = CatalogStore.NewId("silver");
        var dt = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        warehouse.Execute(SqlResources.Get("silver/_macros.sql"));
        warehouse.Execute("CREATE OR REPLACE TEMP VIEW silver_input AS SELECT * FROM read_parquet("
            + Warehouse.FileList(files.Select(f => dataDirectory.Absolute(f.Path))) + ")");
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE silver_stage AS " + SqlResources.Get($"silver/{kind}.sql"));
        try
        {
            var (accepted, duplicates) = Counts();
            var quarantine = WriteQuarantine(kind, dt, batchId);
            var quarantined = quarantine.Sum(q => q.Count);
            var path = WriteSilver(kind, date, batchId);
            var received = files.Sum(f => f.RowCount);
            catalog.CommitSilverPartition(
                new SilverPartition(kind, date, dataDirectory.Relative(path), accepted, batchId, runId, DateTimeOffset.UtcNow),
                new BatchAccounting(batchId, "silver", kind, dt, $"bronze/{kind}/dt={dt}", runId, received, accepted, quarantined, duplicates),
                quarantine, fingerprint);
            RemoveSuperseded(kind, dt, current, path, quarantine.FirstOrDefault()?.Path);
            return new PartitionReport(kind, date, received, accepted, quarantined, duplicates, Rebuilt: true);
        }
        finally
        {
            warehouse.Execute("DROP TABLE IF EXISTS silver_stage; DROP VIEW IF EXISTS silver_input;");
        }
    }

    /// <summary>The report of a partition whose current build is kept, from its catalog accounting.</summary>
    private PartitionReport Current(string kind, DateOnly date)
    {
        var dt = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var a = catalog.ListBatches("silver").Single(b => b.Kind == kind && b.Date == dt);
        return new PartitionReport(kind, date, a.Received, a.Accepted, a.Quarantined, a.Duplicates, Rebuilt: false);
    }

    /// <summary>SHA-256 over the silver logic version and the sorted (path, checksum) list of the bronze inputs.</summary>
    internal static string Fingerprint(IEnumerable<BronzeFile> files)
    {
        var text = new StringBuilder(PipelineRunner.LogicVersion).Append('\n');
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(f.Path).Append(' ').Append(f.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private (long Accepted, long Duplicates) Counts()
    {
        using var reader = warehouse.Reader(
            "SELECT count(*) FILTER (_dup_rank = 1), count(*) FILTER (_dup_rank > 1) FROM silver_stage");
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
