using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// <c>run --events N [--workdir DIR]</c>: ingests the whole simulated day (click events, orders, inventory, profiles,
/// catalog; generated when missing) into a fresh data directory, then times <see cref="PipelineRunner.RunRange"/>
/// bronze → silver → gold (all marts, quality gate off) over every date with facts, and prints bronze rows/s (wall),
/// CPU-µs per row, the time of each step and peak RSS. A second run over the same dates shows the no-change cost.
/// </summary>
internal static class RunBench
{
    public static int Run(string[] args)
    {
        var input = BenchInput.Parse(args);
        var folder = Path.GetDirectoryName(input.EnsureGenerated())!;
        var output = input.FreshOutput("run");
        try
        {
            var data = new DataDirectory(output);
            var catalog = CatalogStore.Open(data);
            var ingest = new BronzeIngestor(data, catalog).Ingest([folder]);
            var rows = catalog.ListBronzeFiles().Sum(f => f.RowCount);
            var dates = new[] { "events", "orders", "inventory" }.SelectMany(k => catalog.ListBronzeDates(k)).ToList();
            Console.WriteLine($"bronze: {rows:N0} rows ({ingest.Received:N0} received), fact dates {dates.Min():yyyy-MM-dd}..{dates.Max():yyyy-MM-dd}");

            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(data);
            var runner = new PipelineRunner(data, catalog, warehouse);
            var steps = new List<(string Step, double Seconds)>();
            var last = CpuClock.Start();
            var stepName = "start";
            var progress = new Inline(p =>
            {
                var (wall, _) = last.Elapsed();
                steps.Add((stepName, wall));
                stepName = p.Step;
                last = CpuClock.Start();
            });
            var loadBefore = CpuClock.LoadAverage();
            var clock = CpuClock.Start();
            var report = runner.RunRange(dates.Min(), dates.Max(), progress: progress);
            var (total, cpu) = clock.Elapsed();
            Console.WriteLine($"run (first build): wall {total:F2} s = {rows / total:N0} bronze rows/s; cpu {cpu:F2} s = {cpu * 1e6 / rows:F2} cpu-µs/row");
            foreach (var (step, seconds) in steps.Where(s => s.Step != "start"))
            {
                Console.WriteLine($"  {step,-40} {seconds,8:F2} s");
            }

            Console.WriteLine($"  gold tables: {string.Join(", ", report.Gold.Select(g => $"{g.Table} {g.Rows:N0}"))}");
            var again = CpuClock.Start();
            runner.RunRange(dates.Max(), dates.Max());
            Console.WriteLine($"run of the last date again (silver unchanged, gold refreshed): {again.Elapsed().WallSeconds:F2} s");
            Console.WriteLine($"peak RSS {PeakMemory.Describe()}; load before {loadBefore}, after {CpuClock.LoadAverage()}; {Environment.ProcessorCount} cores");
            return 0;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private sealed class Inline(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
