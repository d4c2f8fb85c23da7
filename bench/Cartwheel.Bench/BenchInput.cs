using System.Globalization;
using Cartwheel.Simulation;

namespace Cartwheel.Bench;

/// <summary>
/// The options the ingest harnesses share (<c>--events N [--workdir DIR]</c>) and their input: the simulator's
/// ~1 KB click events (<c>generate --users 100000 --products 10000 --days 1 --events-per-day N --pad-events-to 1000</c>),
/// generated once into <c>DIR/events-N/</c> and reused while it exists.
/// </summary>
internal sealed record BenchInput(long Events, string WorkDir)
{
    public string EventsFile => Path.Combine(WorkDir, $"events-{Events}", "events.jsonl");

    public static BenchInput Parse(string[] args)
    {
        long events = 1_000_000;
        var workDir = Path.Combine(Path.GetTempPath(), "cartwheel-bench");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--workdir": workDir = Path.GetFullPath(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]}; expected --events N [--workdir DIR]");
            }
        }

        return new BenchInput(events, workDir);
    }

    /// <summary>Generates the input file unless it is there already; returns its path.</summary>
    public string EnsureGenerated()
    {
        if (!File.Exists(EventsFile))
        {
            Console.WriteLine($"generating ~{Events:N0} click events into {Path.GetDirectoryName(EventsFile)} …");
            var options = new SimulationOptions { Users = 100_000, Products = 10_000, Days = 1, EventsPerDay = Events, PadEventsTo = 1000 };
            new ShopSimulator(options).WriteTo(Path.GetDirectoryName(EventsFile)!);
        }

        return EventsFile;
    }

    /// <summary>A fresh folder under the work dir for one run's output.</summary>
    public string FreshOutput(string name)
    {
        var path = Path.Combine(WorkDir, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }
}
