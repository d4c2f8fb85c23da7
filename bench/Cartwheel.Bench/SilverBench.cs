using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// <c>silver --events N [--workdir DIR] [--sql]</c>: ingests the ~1 KB click events (once, kept in <c>DIR/silver-N/</c>) and
/// times the silver events build of every date alone (<see cref="SilverBuilder"/>, the step of <c>run</c> that reads
/// the 1 KB payloads), from a fresh warehouse and silver each time: rows/s (wall), CPU-µs per row, peak RSS.
/// </summary>
internal static class SilverBench
{
    public static int Run(string[] args)
    {
        // --sql: silver events by the SQL reference path instead of the C# pass (before/after in one binary).
        var sql = args.Contains("--sql");
        var input = BenchInput.Parse([.. args.Where(a => a != "--sql")]);
        var file = input.EnsureGenerated();
        var root = Path.Combine(input.WorkDir, $"silver-{input.Events}");
        var data = new DataDirectory(root);
        var catalog = CatalogStore.Open(data);
        if (catalog.ListBronzeFiles("events").Count == 0)
        {
            new BronzeIngestor(data, catalog).Ingest([file]);
        }

        var dates = catalog.ListBronzeDates("events").ToHashSet();
        var rows = catalog.ListBronzeFiles("events").Sum(f => f.RowCount);
        var fresh = new DataDirectory(Path.Combine(input.WorkDir, $"silver-{input.Events}-run-{Guid.NewGuid():N}"[..40]));
        try
        {
            // A fresh data directory whose catalog knows the kept bronze files: each run builds silver from nothing.
            fresh.EnsureCreated();
            var freshCatalog = CatalogStore.Open(fresh);
            foreach (var path in Directory.EnumerateDirectories(Path.Combine(data.Lake, "bronze")))
            {
                CopyTree(path, Path.Combine(fresh.Lake, "bronze", Path.GetFileName(path)));
            }

            freshCatalog.CommitIngest(catalog.ListIngestedFiles()[0], catalog.ListBronzeFiles(), [], []);
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(fresh);
            var loadBefore = CpuClock.LoadAverage();
            var clock = CpuClock.Start();
            var reports = new SilverBuilder(fresh, freshCatalog, warehouse) { NativeEvents = !sql }.Build("events", dates, runId: null);
            var (wall, cpu) = clock.Elapsed();
            Console.WriteLine($"silver events: {rows:N0} bronze rows over {dates.Count} dates -> {reports.Sum(r => r.Accepted):N0} accepted, " +
                              $"{reports.Sum(r => r.Duplicates):N0} duplicates, {reports.Sum(r => r.Quarantined):N0} quarantined");
            Console.WriteLine($"  wall {wall:F2} s = {rows / wall:N0} rows/s; cpu {cpu:F2} s = {cpu * 1e6 / rows:F2} cpu-µs/row; " +
                              $"peak RSS {PeakMemory.Describe()}; load before {loadBefore}, after {CpuClock.LoadAverage()}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(fresh.Root, recursive: true);
        }
    }

    /// <summary>Copies a folder tree.</summary>
    private static void CopyTree(string from, string to)
    {
        foreach (var source in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }
}
