using Cartwheel.Catalog;
using Cartwheel.Ingest;

namespace Cartwheel.Bench;

/// <summary>
/// <c>ingest --events N [--workdir DIR]</c>: ingests the simulator's ~1 KB click events (generated when missing)
/// into a fresh data directory with <see cref="BronzeIngestor"/> in-process, and prints events/s (wall), CPU-µs
/// per event (user + sys of the whole process), MB/s, bronze size, peak RSS and the load average.
/// </summary>
internal static class IngestBench
{
    public static int Run(string[] args)
    {
        var input = BenchInput.Parse(args);
        var file = input.EnsureGenerated();
        var size = new FileInfo(file).Length;
        var output = input.FreshOutput("ingest");
        try
        {
            var data = new DataDirectory(output);
            var ingestor = new BronzeIngestor(data, CatalogStore.Open(data));
            var loadBefore = CpuClock.LoadAverage();
            var clock = CpuClock.Start();
            var report = ingestor.Ingest([file]);
            var (wall, cpu) = clock.Elapsed();
            var bronze = Directory.EnumerateFiles(Path.Combine(data.Lake, "bronze"), "*.parquet", SearchOption.AllDirectories).ToList();
            Console.WriteLine($"ingest {file}: {report.Accepted:N0} accepted + {report.Quarantined:N0} quarantined = {report.Received:N0} events, {size / 1e6:F0} MB");
            Console.WriteLine($"  wall {wall:F2} s = {report.Received / wall:N0} events/s, {size / 1e6 / wall:F0} MB/s; " +
                              $"cpu {cpu:F2} s = {cpu * 1e6 / report.Received:F2} cpu-µs/event");
            Console.WriteLine($"  bronze {bronze.Count} files, {bronze.Sum(f => new FileInfo(f).Length) / 1e6:F0} MB; peak RSS {PeakMemory.Describe()}; " +
                              $"load before {loadBefore}, after {CpuClock.LoadAverage()}; {Environment.ProcessorCount} cores");
            return report.Succeeded ? 0 : 1;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
