using System.CommandLine;
using System.Globalization;
using Cartwheel.Cli.Output;
using Cartwheel.Simulation;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel generate</c>: writes a deterministic simulated shop (native or seed004 files) with a manifest.</summary>
internal static class GenerateCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "The output directory.", Required = true };
    private static readonly Option<int> Seed = new("--seed") { Description = "Random seed; the same options give byte-identical files.", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> Users = new("--users") { Description = "Registered customers.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Products = new("--products") { Description = "Catalog products.", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Days = new("--days") { Description = "Simulated days.", DefaultValueFactory = _ => 3 };
    private static readonly Option<DateOnly> Start = new("--start") { Description = "First simulated day (YYYY-MM-DD, UTC).", DefaultValueFactory = _ => new DateOnly(2024, 3, 1) };
    private static readonly Option<double> LateRate = new("--late-rate") { Description = "Fraction of click events arriving 2–48 h late.", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<double> DuplicateRate = new("--duplicate-rate") { Description = "Fraction of event/order/inventory/transaction lines written twice.", DefaultValueFactory = _ => 0.02 };
    private static readonly Option<double> CorruptRate = new("--corrupt-rate") { Description = "Fraction of lines of every file replaced by a corrupt line.", DefaultValueFactory = _ => 0.001 };
    private static readonly Option<int> PadEventsTo = new("--pad-events-to") { Description = "Pad each click event's line to about this many bytes (0 = off)." };
    private static readonly Option<long> EventsPerDay = new("--events-per-day") { Description = "Approximate click events per day (default: 4 per user)." };
    private static readonly Option<string?> FormatAlias = new("--format")
    {
        Description = "On this command: native or seed004 (the data layout), or table/csv/json (the summary's output format).",
    };

    private static readonly Option<string?> DataFormat = new("--data-format")
    {
        Description = "File layout: native (default) or seed004. `--format native|seed004` works too on this command.",
    };

    public static Command Create()
    {
        var command = new Command("generate", "Generate a deterministic simulated shop: users, products, events, orders, inventory (or seed004 files) plus manifest.json.");
        foreach (var option in new Option[] { Out, Seed, Users, Products, Days, Start, LateRate, DuplicateRate, CorruptRate, PadEventsTo, EventsPerDay, DataFormat, FormatAlias })
        {
            command.Options.Add(option);
        }

        command.SetGuardedAction((parseResult, cancellationToken) =>
        {
            var (dataFormat, outputFormat) = Formats(parseResult);
            var options = new SimulationOptions
            {
                Seed = parseResult.GetValue(Seed),
                Users = parseResult.GetValue(Users),
                Products = parseResult.GetValue(Products),
                Days = parseResult.GetValue(Days),
                Start = parseResult.GetValue(Start),
                LateRate = parseResult.GetValue(LateRate),
                DuplicateRate = parseResult.GetValue(DuplicateRate),
                CorruptRate = parseResult.GetValue(CorruptRate),
                PadEventsTo = parseResult.GetValue(PadEventsTo),
                EventsPerDay = parseResult.GetValue(EventsPerDay),
                Format = dataFormat,
            };
            var simulator = new ShopSimulator(options);
            var outDir = Path.GetFullPath(parseResult.GetValue(Out)!);
            var manifest = Run(simulator, outDir, outputFormat == OutputFormat.Table, cancellationToken);
            OutputWriter.Write(Build(manifest, outDir), outputFormat);
            return Task.FromResult(CommandRunner.Ok);
        });
        return command;
    }

    internal static TabularResult Build(SimulationManifest manifest, string outDir) => new(
        $"Generated {manifest.Options.Format.ToString().ToLowerInvariant()} shop in {outDir} (seed {manifest.Options.Seed})",
        ["file", "lines", "records", "duplicates", "late", "corrupt", "corrupt_by_reason"],
        manifest.Files.Select(f => (IReadOnlyList<object?>)[f.File, f.Lines, f.Records, f.Duplicates, f.Late, f.Corrupt,
            string.Join(' ', f.CorruptByReason.Select(r => $"{r.Key}={r.Value.ToString(CultureInfo.InvariantCulture)}"))]).ToList());

    /// <summary>
    /// The global --format is the output format (table/csv/json). This command declares its own --format, which
    /// System.CommandLine lets shadow the recursive one, so `--format seed004` (the design notes' spelling) names the
    /// data layout while `--format json` still picks the summary's output format. --data-format is unambiguous.
    /// </summary>
    private static (SimulationFormat Data, OutputFormat Output) Formats(ParseResult parseResult)
    {
        var data = ParseDataFormat(parseResult.GetValue(DataFormat));
        var output = parseResult.GetValue(CommonOptions.Format);
        if (parseResult.GetValue(FormatAlias) is { } alias)
        {
            if (Enum.TryParse<OutputFormat>(alias, ignoreCase: true, out var outputFormat) && !int.TryParse(alias, out _))
            {
                output = outputFormat;
            }
            else
            {
                var fromAlias = ParseDataFormat(alias);
                if (data is not null && data != fromAlias)
                {
                    throw new CartwheelException(ErrorCodes.InvalidArgument, $"--format {alias} contradicts --data-format {data.Value.ToString().ToLowerInvariant()}.");
                }

                data = fromAlias;
            }
        }

        return (data ?? SimulationFormat.Native, output);
    }

    private static SimulationFormat? ParseDataFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "native" => SimulationFormat.Native,
        "seed004" => SimulationFormat.Seed004,
        _ => throw new CartwheelException(ErrorCodes.InvalidArgument, $"unknown format '{text}' (data: native or seed004; output: table, csv or json)."),
    };

    private static SimulationManifest Run(ShopSimulator simulator, string outDir, bool showProgress, CancellationToken cancellationToken)
    {
        if (!showProgress || Console.IsErrorRedirected)
        {
            return simulator.WriteTo(outDir, null, cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("generating sessions");
                return simulator.WriteTo(outDir, new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.SessionsTotal);
                    task.Value = p.SessionsDone;
                    task.Description = $"{p.EventsGenerated:N0} events";
                }), cancellationToken);
            });
    }

    /// <summary>Reports on the generating thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class SynchronousProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => report(value);
    }
}
