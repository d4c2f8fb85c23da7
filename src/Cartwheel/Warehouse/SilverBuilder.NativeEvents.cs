using System.Collections.Concurrent;
using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Lake;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Warehouse;

/// <summary>
/// Silver events built in C# (decision 25): partitions whose bronze files all come from Cartwheel's own writer are
/// parsed, checked, deduplicated and written by <see cref="EventsPartitionScan"/>, in parallel, with results identical
/// to <c>sql/silver/events.sql</c>; DuckDB only writes their (few) quarantined records, with the same COPY as the SQL
/// path. A partition the scan gives up on is built by the SQL path.
/// </summary>
internal sealed partial class SilverBuilder
{
    /// <summary>Whether events partitions are built and appended to by the C# pass (false: the SQL reference path only).</summary>
    public bool NativeEvents { get; init; } = true;

    /// <summary>How the C# pass spreads one partition over parsing threads (decision 34).</summary>
    public EventsScanOptions NativeEventsScan { get; init; } = EventsScanOptions.Default;

    /// <summary>Builds what it can of <paramref name="partitions"/> in C#; returns the partitions left to the SQL path.</summary>
    private List<PartitionInput> BuildNativeEvents(List<PartitionInput> partitions, ILookup<DateOnly, SilverFile> current, string? runId,
        List<PartitionReport> reports, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<EventsPartitionResult>();
        try
        {
            Parallel.ForEach(partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, p =>
            {
                if (ScanEvents(p.Date, p.Files, cancellationToken) is { } result)
                {
                    results.Add(result);
                }
            });
            if (!results.IsEmpty)
            {
                var built = results.ToDictionary(r => r.Date);
                reports.AddRange(CommitNativeEvents([.. partitions.Where(p => built.ContainsKey(p.Date))], built, current, runId));
            }
        }
        finally
        {
            foreach (var result in results)
            {
                File.Delete(result.StagedFile);
            }
        }

        return [.. partitions.Where(p => !results.Any(r => r.Date == p.Date))];
    }

    /// <summary>
    /// The C# pass over <paramref name="files"/> of one partition (read in commit order) into a staged file: all of a
    /// partition's bronze for a full build, only the files it gained for an append (decision 39). Null when it gives up.
    /// </summary>
    private EventsPartitionResult? ScanEvents(DateOnly date, IEnumerable<BronzeFile> files, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory.Staging);
        var paths = files.OrderBy(f => f.CommittedAt).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => dataDirectory.Absolute(f.Path)).ToList();
        var staged = Path.Combine(dataDirectory.Staging, $"silver-events-{Guid.NewGuid():N}.parquet");
        return EventsPartitionScan.Run(date, paths, staged, NativeEventsScan, cancellationToken);
    }

    private List<PartitionReport> CommitNativeEvents(List<PartitionInput> partitions, Dictionary<DateOnly, EventsPartitionResult> built,
        ILookup<DateOnly, SilverFile> current, string? runId)
    {
        const string Kind = "events";
        var batchId = CatalogStore.NewId("silver");
        StageRejected(built.Values.SelectMany(r => r.Rejected.Select(x => (r.Date, x))));
        try
        {
            var quarantine = WriteQuarantine(Kind, batchId);
            var paths = new Dictionary<DateOnly, string>();
            foreach (var p in partitions)
            {
                var staged = built[p.Date].StagedFile;
                FileSync.File(staged);
                paths[p.Date] = Path.Combine(dataDirectory.PartitionPath("silver", Kind, p.Date), batchId + ".parquet");
                Directory.CreateDirectory(Path.GetDirectoryName(paths[p.Date])!);
                File.Move(staged, paths[p.Date], overwrite: true);
            }

            FileSync.FileSystem(dataDirectory.Lake);
            var builtAt = DateTimeOffset.UtcNow;
            var commits = partitions.Select(p =>
            {
                var result = built[p.Date];
                var rejected = quarantine.GetValueOrDefault(p.Date) ?? [];
                var dt = Dt(p.Date);
                return new SilverCommit(
                    new SilverPartition(Kind, p.Date, dataDirectory.Relative(paths[p.Date]), result.Accepted, batchId, runId, builtAt),
                    new BatchAccounting(batchId, "silver", Kind, dt, $"bronze/{Kind}/dt={dt}", runId,
                        p.Files.Sum(f => f.RowCount), result.Accepted, rejected.Sum(q => q.Count), result.Duplicates),
                    rejected, p.Fingerprint);
            }).ToList();
            catalog.CommitSilverPartitions(commits);
            foreach (var commit in commits)
            {
                RemoveSuperseded(Kind, commit.Partition.Date, current[commit.Partition.Date], paths[commit.Partition.Date], commit.Quarantine.FirstOrDefault()?.Path);
            }

            return [.. commits.Select(c => new PartitionReport(Kind, c.Partition.Date, c.Accounting.Received, c.Accounting.Accepted,
                c.Accounting.Quarantined, c.Accounting.Duplicates, Rebuilt: true))];
        }
        finally
        {
            warehouse.Execute("DROP TABLE IF EXISTS silver_stage");
        }
    }

    /// <summary>The rejected records as a <c>silver_stage</c> of the columns <see cref="WriteQuarantine"/> reads, so quarantine files are DuckDB's.</summary>
    private void StageRejected(IEnumerable<(DateOnly Date, RejectedEvent Record)> rejected)
    {
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE silver_stage (dt DATE, source_file VARCHAR, line_number BIGINT, _reason VARCHAR, _detail VARCHAR, _raw VARCHAR)");
        foreach (var chunk in rejected.Chunk(500))
        {
            warehouse.Execute("INSERT INTO silver_stage VALUES " + string.Join(", ", chunk.Select(x => string.Create(CultureInfo.InvariantCulture,
                $"(DATE '{Dt(x.Date)}', {Warehouse.Literal(x.Record.SourceFile)}, {x.Record.LineNumber}, {Warehouse.Literal(x.Record.Reason)}, " +
                $"{Warehouse.Literal(x.Record.Detail)}, {Warehouse.Literal(x.Record.Raw)})"))));
        }
    }
}
