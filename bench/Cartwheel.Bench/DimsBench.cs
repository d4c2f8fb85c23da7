using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// <c>dims --events N [--workdir DIR]</c>: the first build of silver users and products alone (~730 one-day partitions
/// each, decision 19). The simulated day's <c>users.csv</c> and <c>products.csv</c> (generated with the day when
/// missing) are ingested into a fresh data directory, then each kind's silver is built from nothing and timed: wall,
/// CPU (DuckDB's threads included), partitions, rows, load average.
/// </summary>
internal static class DimsBench
{
    public static int Run(string[] args)
    {
        var input = BenchInput.Parse(args);
        var folder = Path.GetDirectoryName(input.EventsFile)!;
        if (!File.Exists(Path.Combine(folder, "users.csv")))
        {
            folder = Path.GetDirectoryName(input.EnsureGenerated())!;
        }

        var output = input.FreshOutput("dims");
        try
        {
            var data = new DataDirectory(output);
            var catalog = CatalogStore.Open(data);
            new BronzeIngestor(data, catalog).Ingest([Path.Combine(folder, "users.csv"), Path.Combine(folder, "products.csv")]);
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(data);
            var builder = new SilverBuilder(data, catalog, warehouse);
            var loadBefore = CpuClock.LoadAverage();
            foreach (var kind in new[] { "users", "products" })
            {
                var dates = catalog.ListBronzeDates(kind).ToHashSet();
                var rows = catalog.ListBronzeFiles(kind).Sum(f => f.RowCount);
                var clock = CpuClock.Start();
                var reports = builder.Build(kind, dates, runId: null);
                var (wall, cpu) = clock.Elapsed();
                Console.WriteLine($"silver {kind}, first build: {dates.Count} partitions, {rows:N0} bronze rows -> {reports.Sum(r => r.Accepted):N0} accepted, " +
                                  $"{reports.Sum(r => r.Duplicates):N0} duplicates, {reports.Sum(r => r.Quarantined):N0} quarantined; " +
                                  $"wall {wall:F2} s, cpu {cpu:F2} s = {cpu * 1e6 / Math.Max(rows, 1):F2} cpu-µs/row");
            }

            Console.WriteLine($"peak RSS {PeakMemory.Describe()}; load before {loadBefore}, after {CpuClock.LoadAverage()}; {Environment.ProcessorCount} cores");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(output, recursive: true);
        }
    }
}
