namespace Cartwheel.Bench;

/// <summary>Dispatches to a named harness.</summary>
internal static class BenchProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Cartwheel.Bench <harness> [options]; harnesses: ingest [lines], collector [seconds] [clients]");
            return Task.FromResult(2);
        }

        if (args[0] == "ingest")
        {
            return Task.FromResult(IngestBench.Run(args[1..]));
        }

        if (args[0] == "collector")
        {
            return CollectorBench.RunAsync(args[1..]);
        }

        Console.Error.WriteLine($"unknown harness '{args[0]}'");
        return Task.FromResult(2);
    }
}
