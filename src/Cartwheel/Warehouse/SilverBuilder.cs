using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse;

/// <summary>
/// Builds the silver partitions of a kind from their committed bronze files, set-based in DuckDB: every
/// partition whose inputs changed is parsed, typed and validated in one staged table (<c>sql/silver/&lt;kind&gt;.sql</c>)
/// and ranked for duplicates (<see cref="DedupRules"/>, windows partitioned by <c>dt</c> so a partition's result never
/// depends on which others are built with it); rejected rows go to quarantine JSON lines and accepted rows to one ZSTD
/// Parquet file per partition (staging → fsync → rename), then all of them commit in one catalog
/// transaction and the superseded files are removed. Partitions whose bronze fingerprint is unchanged are kept.
/// </summary>
internal sealed partial class SilverBuilder(DataDirectory dataDirectory, CatalogStore catalog, Warehouse warehouse)
{
    /// <summary>Columns of the staged table that are not silver columns.</summary>
    internal const string StageOnlyColumns = "_reason, _detail, _dup_rank, _raw";

    /// <summary>Bronze rows per partition (on average) under which the silver COPY runs on one DuckDB thread.</summary>
    private const long SmallPartitionRows = 10_000;

    /// <summary>Bronze rows staged at once: bounds memory when many large partitions are rebuilt together.</summary>
    private const long MaxRowsPerBuild = 20_000_000;

    /// <summary>Brings the silver partitions of <paramref name="kind"/> for <paramref name="dates"/> up to date.</summary>
    public IReadOnlyList<PartitionReport> Build(string kind, IReadOnlySet<DateOnly> dates, string? runId, CancellationToken cancellationToken = default)
    {
        var inputs = catalog.ListBronzeFiles(kind).Where(f => dates.Contains(f.Date)).GroupBy(f => f.Date)
            .OrderBy(g => g.Key).Select(g => new PartitionInput(g.Key, g.ToList(), Fingerprint(g))).ToList();
        var current = catalog.ListSilverPartitions(kind).ToDictionary(p => p.Date);
        var files = catalog.ListSilverFiles(kind).ToLookup(f => f.Date);
        var fingerprints = catalog.ListSilverFingerprints(kind);
        bool Present(DateOnly date) => current.ContainsKey(date) && files[date].All(f => File.Exists(dataDirectory.Absolute(f.Path)));
        var dirty = inputs.Where(i => !(Present(i.Date) && fingerprints.GetValueOrDefault(i.Date) == i.Fingerprint)).ToList();

        // A partition whose current build read exactly its bronze files but the newest ones gets only those appended.
        var appends = dirty.Select(i => (Input: i, Added: Present(i.Date) ? AddedFiles(i, fingerprints.GetValueOrDefault(i.Date)) : null))
            .Where(a => a.Added is not null).ToList();
        var rebuilds = dirty.Except(appends.Select(a => a.Input)).ToList();

        var reports = new List<PartitionReport>();
        var kept = dirty.Count < inputs.Count || appends.Count > 0
            ? catalog.ListBatches("silver").Where(b => b.Kind == kind).ToDictionary(b => b.Date, StringComparer.Ordinal)
            : [];
        reports.AddRange(inputs.Except(dirty).Select(i => kept[Dt(i.Date)])
            .Select(a => new PartitionReport(kind, DateOnly.ParseExact(a.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                a.Received, a.Accepted, a.Quarantined, a.Duplicates, Rebuilt: false)));

        foreach (var (input, added) in appends)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.Add(Append(kind, input, added!, current[input.Date], [.. files[input.Date]], kept[Dt(input.Date)], runId, cancellationToken));
        }

        if (kind == "events" && NativeEvents && rebuilds.Count > 0)
        {
            rebuilds = BuildNativeEvents(rebuilds, files, runId, reports, cancellationToken);
        }

        foreach (var chunk in Chunks(rebuilds))
        {
            cancellationToken.ThrowIfCancellationRequested();
            reports.AddRange(BuildChunk(kind, chunk, files, runId));
        }

        return [.. reports.OrderBy(r => r.Date)];
    }

    private List<PartitionReport> BuildChunk(string kind, IReadOnlyList<PartitionInput> chunk, ILookup<DateOnly, SilverFile> current, string? runId)
    {
        var batchId = CatalogStore.NewId("silver");
        Stage(kind, chunk.SelectMany(p => p.Files));
        try
        {
            var counts = Counts();
            var quarantine = WriteQuarantine(kind, batchId);
            var paths = WriteSilver(kind, batchId, chunk.Select(p => p.Date),
                smallPartitions: chunk.Sum(p => p.Files.Sum(f => f.RowCount)) < SmallPartitionRows * chunk.Count);
            var builtAt = DateTimeOffset.UtcNow;
            var commits = chunk.Select(p =>
            {
                var (accepted, duplicates) = counts.GetValueOrDefault(p.Date);
                var rejected = quarantine.GetValueOrDefault(p.Date) ?? [];
                var dt = Dt(p.Date);
                return new SilverCommit(
                    new SilverPartition(kind, p.Date, dataDirectory.Relative(paths[p.Date]), accepted, batchId, runId, builtAt),
                    new BatchAccounting(batchId, "silver", kind, dt, $"bronze/{kind}/dt={dt}", runId,
                        p.Files.Sum(f => f.RowCount), accepted, rejected.Sum(q => q.Count), duplicates),
                    rejected, p.Fingerprint);
            }).ToList();
            catalog.CommitSilverPartitions(commits);
            foreach (var commit in commits)
            {
                RemoveSuperseded(kind, commit.Partition.Date, current[commit.Partition.Date],
                    paths[commit.Partition.Date], commit.Quarantine.FirstOrDefault()?.Path);
            }

            return [.. commits.Select(c => new PartitionReport(kind, c.Partition.Date, c.Accounting.Received, c.Accounting.Accepted,
                c.Accounting.Quarantined, c.Accounting.Duplicates, Rebuilt: true))];
        }
        finally
        {
            warehouse.Execute("DROP TABLE IF EXISTS silver_stage; DROP VIEW IF EXISTS silver_input; DROP TABLE IF EXISTS silver_input_rows;");
        }
    }

    /// <summary>The order of the dedup windows that keep the first copy by ingestion order.</summary>
    private static readonly (string Column, bool Descending)[] FirstIngested = [("ingestion_time", false), ("source_file", false), ("line_number", false)];

    /// <summary>
    /// The dedup rule of each kind (docs/data-model.md; the header of its <c>sql/silver/&lt;kind&gt;.sql</c>): the key
    /// columns and the order that puts the kept copy first. Both the staging window and the append path use it.
    /// </summary>
    private static readonly Dictionary<string, (string[] Key, (string Column, bool Descending)[] Order)> DedupRules = new(StringComparer.Ordinal)
    {
        ["events"] = (["event_id"], FirstIngested),
        ["inventory"] = (["update_id"], FirstIngested),
        ["transactions"] = (["transaction_id"], FirstIngested),
        ["users"] = (["user_id", "updated_at"], FirstIngested),
        ["products"] = (["product_id", "updated_at"], FirstIngested),
        ["orders"] = (["order_id"], [("updated_at", true), ("ingestion_time", true), ("source_file", true), ("line_number", true)]),
    };

    /// <summary>
    /// Stages bronze files of a kind as <c>silver_stage</c>: <c>sql/silver/&lt;kind&gt;.sql</c> parses, types and checks
    /// them, then the kind's dedup window ranks the accepted rows per partition and key. The window runs over the narrow
    /// key and order columns of the staged table and sets <c>_dup_rank</c> by row id: run inside the staging query it
    /// carried every column (the ~1 KB event properties) through its sort.
    /// </summary>
    private void Stage(string kind, IEnumerable<BronzeFile> files)
    {
        var (key, order) = DedupRules[kind];
        warehouse.Execute(SqlResources.Get("silver/_macros.sql"));
        DefineInput(kind, [.. files]);
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE silver_stage AS " + SqlResources.Get($"silver/{kind}.sql"));
        warehouse.Execute(
            $"""
            UPDATE silver_stage SET _dup_rank = r.rank
            FROM (SELECT rowid AS id, row_number() OVER (PARTITION BY dt, {string.Join(", ", key)}
                      ORDER BY {string.Join(", ", order.Select(o => o.Column + (o.Descending ? " DESC" : string.Empty)))}) AS rank
                  FROM silver_stage WHERE _reason IS NULL) r
            WHERE silver_stage.rowid = r.id
            """);
    }

    /// <summary>Groups partitions so that each build stages at most <see cref="MaxRowsPerBuild"/> bronze rows (at least one partition).</summary>
    private static IEnumerable<List<PartitionInput>> Chunks(IReadOnlyList<PartitionInput> partitions)
    {
        var chunk = new List<PartitionInput>();
        long rows = 0;
        foreach (var p in partitions)
        {
            var size = p.Files.Sum(f => f.RowCount);
            if (chunk.Count > 0 && rows + size > MaxRowsPerBuild)
            {
                yield return chunk;
                chunk = [];
                rows = 0;
            }

            chunk.Add(p);
            rows += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
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

    private Dictionary<DateOnly, (long Accepted, long Duplicates)> Counts()
    {
        var counts = new Dictionary<DateOnly, (long, long)>();
        using var reader = warehouse.Reader(
            "SELECT dt, count(*) FILTER (_dup_rank = 1), count(*) FILTER (_dup_rank > 1) FROM silver_stage GROUP BY dt");
        while (reader.Read())
        {
            counts[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return counts;
    }

    private static string Dt(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record PartitionInput(DateOnly Date, List<BronzeFile> Files, string Fingerprint);
}
