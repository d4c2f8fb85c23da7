using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// <c>run --events N [--workdir DIR] [--sql] [--native-sessions]</c>: the simulated day (click events, orders, inventory, profiles, catalog;
/// generated when missing) without its last hour (23:00–24:00 UTC of the first day, see <see cref="HourSplit"/>) is
/// ingested into a fresh data directory and built bronze → silver → gold (all marts, quality gate off) by a run
/// without dates; then the daily run of the first day again with nothing new (the no-change cost); then the missing hour is ingested
/// and the run without dates brings silver and gold up to date (the incremental hour). Prints, per run, wall and CPU
/// time, bronze rows/s, each step (silver per kind, gold per table) and peak RSS.
/// </summary>
internal static class RunBench
{
    public static int Run(string[] args)
    {
        // --sql: silver events by the SQL reference path instead of the C# pass (before/after in one binary).
        var sql = args.Contains("--sql");
        // --native-sessions: gold.fact_sessions' sessions by the C# fold (Warehouse/NativeGold, off by default) instead of the SQL.
        var nativeSessions = args.Contains("--native-sessions");
        var input = BenchInput.Parse([.. args.Where(a => a is not ("--sql" or "--native-sessions"))]);
        var folder = Path.GetDirectoryName(input.EnsureGenerated())!;
        var (main, hour) = HourSplit.EnsureSplit(folder, new DateTimeOffset(2024, 3, 1, 23, 0, 0, TimeSpan.Zero));
        var output = input.FreshOutput("run");
        try
        {
            var data = new DataDirectory(output);
            var catalog = CatalogStore.Open(data);
            var ingest = new BronzeIngestor(data, catalog).Ingest([main]);
            var rows = catalog.ListBronzeFiles().Sum(f => f.RowCount);
            Console.WriteLine($"bronze (day without its last hour): {rows:N0} rows ({ingest.Received:N0} received)");

            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(data);
            var steps = new StepClock();
            var runner = new PipelineRunner(data, catalog, warehouse) { GoldTimings = steps.Gold, NativeSilverEvents = !sql, NativeGoldSessions = nativeSessions };
            var loadBefore = CpuClock.LoadAverage();
            steps.Measure("first build", rows, () => runner.RunPending(progress: steps));

            steps.Measure("daily run of 2024-03-01 again, silver unchanged", rows, () => runner.Run(new DateOnly(2024, 3, 1), progress: steps));

            var clock = CpuClock.Start();
            var hourIngest = new BronzeIngestor(data, catalog).Ingest([hour]);
            var (ingestWall, ingestCpu) = clock.Elapsed();
            var hourRows = catalog.ListBronzeFiles().Sum(f => f.RowCount) - rows;
            Console.WriteLine($"ingest of the last hour: {hourRows:N0} bronze rows ({hourIngest.Received:N0} received), wall {ingestWall:F2} s, cpu {ingestCpu:F2} s");
            var report = steps.Measure("incremental hour", hourRows, () => runner.RunPending(progress: steps));
            Console.WriteLine($"  gold tables: {string.Join(", ", report.Gold.Select(g => $"{g.Table} {g.Rows:N0}"))}");
            // What the hour's last range of fact dates merged (sql/gold/fact_sessions.sql, fact_events_daily.sql, fact_sales.sql).
            Console.WriteLine("  gold merge (last range): " + warehouse.Scalar<string>(
                "SELECT 'from ' || getvariable('cw_from') || ' to ' || getvariable('cw_to') || ', sessions ' || getvariable('cw_merge_sessions') || " +
                "' (' || (SELECT count(*) FROM cw_touched_sessions) || ' touched, in C# ' || getvariable('cw_native_sessions') || '), events_daily ' || getvariable('cw_merge_events') || " +
                "' (' || (SELECT count(*) FROM cw_new_events) || ' new rows), sales ' || (SELECT count(*) FROM cw_sales_kept_channels) || ' orders keep their channel'"));
            // A reader of the published fact_sessions (every column of every row), best of three: the cost of its versions' layout.
            var reads = Enumerable.Range(0, 3).Select(_ =>
            {
                var read = CpuClock.Start();
                warehouse.Scalar<long>("SELECT count(*) FROM gold.fact_sessions AS s WHERE hash(s) % 7 = 0");
                return read.Elapsed();
            }).MinBy(r => r.Item2);
            Console.WriteLine($"  read gold.fact_sessions (all columns): wall {reads.Item1:F2} s, cpu {reads.Item2:F2} s");
            Console.WriteLine($"peak RSS {PeakMemory.Describe()}; load before {loadBefore}, after {CpuClock.LoadAverage()}; {Environment.ProcessorCount} cores");
            return 0;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
