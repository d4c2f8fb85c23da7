namespace Cartwheel.Bench;

/// <summary>
/// <c>baseline --events N [--workdir DIR]</c>: the same input as <c>ingest</c>, written by DuckDB alone
/// (<see cref="DuckDbBaseline"/>): the limit ingest is compared against.
/// </summary>
internal static class BaselineBench
{
    public static int Run(string[] args)
    {
        var input = BenchInput.Parse(args);
        var file = input.EnsureGenerated();
        var size = new FileInfo(file).Length;
        var output = input.FreshOutput("baseline");
        try
        {
            var loadBefore = CpuClock.LoadAverage();
            var clock = CpuClock.Start();
            var (rows, _) = DuckDbBaseline.Run(file, Path.Combine(output, "parquet"));
            var (wall, cpu) = clock.Elapsed();
            var parquet = Directory.EnumerateFiles(output, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"baseline read_ndjson + COPY {file}: {rows:N0} rows, {size / 1e6:F0} MB");
            Console.WriteLine($"  wall {wall:F2} s = {rows / wall:N0} rows/s, {size / 1e6 / wall:F0} MB/s; cpu {cpu:F2} s = {cpu * 1e6 / rows:F2} cpu-µs/row");
            Console.WriteLine($"  parquet {parquet / 1e6:F0} MB; peak RSS {PeakMemory.Describe()}; load before {loadBefore}, after {CpuClock.LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
