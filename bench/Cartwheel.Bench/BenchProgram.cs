namespace Cartwheel.Bench;

/// <summary>Dispatches to a named harness.</summary>
internal static class BenchProgram
{
    private const string Usage = "usage: Cartwheel.Bench <harness> [options]; harnesses: ingest --events N [--workdir DIR], " +
                                 "baseline --events N [--workdir DIR], silver --events N [--workdir DIR], " +
                                 "silver-probe --events N [--workdir DIR], sessions-probe --events N [--workdir DIR] [--rounds R] [--explain] [--sql FILE]…, dims --events N [--workdir DIR], stages FILE [--workdir DIR], run --events N [--workdir DIR], collector, dedup [--keys N] [--rounds R], funnel [--events N] [--sessions N] [--rounds R]";

    public static Task<int> RunAsync(string[] args)
    {
        Func<string[], int>? harness = args.Length == 0 ? null : args[0] switch
        {
            "ingest" => IngestBench.Run,
            "baseline" => BaselineBench.Run,
            "stages" => IngestStages.Run,
            "silver" => SilverBench.Run,
            "silver-probe" => SilverProbe.Run,
            "sessions-probe" => SessionsProbe.Run,
            "dims" => DimsBench.Run,
            "run" => RunBench.Run,
            "collector" => a => CollectorBench.RunAsync(a).GetAwaiter().GetResult(),
            "dedup" => DedupBench.Run,
            "funnel" => FunnelBench.Run,
            _ => null,
        };
        if (harness is null)
        {
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }

        return Task.FromResult(harness(args[1..]));
    }
}
