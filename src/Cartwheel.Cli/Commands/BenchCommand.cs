using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cartwheel.Cli.Bench;
using Cartwheel.Cli.Output;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel bench stream</c>: the streaming benchmark of issue 3 §7 (server and load generator as separate processes on this
/// machine; docs/benchmarks.md). <c>bench stream-load</c> is the generator's own process (hidden: the bench starts it).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks run on this machine.");
        command.Subcommands.Add(Stream());
        command.Subcommands.Add(StreamLoad());
        command.Subcommands.Add(StreamPlot());
        return command;
    }

    private static Command Stream()
    {
        var options = new LoadOptions();
        var output = new Option<string?>("--out") { Description = "Directory for result.json, plot.svg and server.log. Default: ./bench-results/stream-<UTC time>." };
        var command = new Command("stream",
            "Streaming benchmark: `serve` on a data directory (a fresh temp one unless --data-dir) and a Segment load generator in another process; " +
            "accepted events/s, ack latency, event→visible latency, peak memory, CPU per event.")
        {
            options.Duration, options.Rate, options.Connections, options.BatchSize, options.EventBytes, options.Seed, options.FreshSessions, output,
        };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var explicitData = parseResult.GetResult(CommonOptions.DataDir) is not null;
            var data = explicitData ? CommonOptions.ResolveDataDirectory(parseResult)
                : new DataDirectory(Path.Combine(Path.GetTempPath(), "cartwheel-bench-stream-" + Guid.NewGuid().ToString("N")));
            var outDir = Path.GetFullPath(parseResult.GetValue(output)
                ?? Path.Combine("bench-results", "stream-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            var settings = new StreamBenchOptions(data, outDir, options.DurationOf(parseResult), parseResult.GetValue(options.Rate), parseResult.GetValue(options.Connections),
                parseResult.GetValue(options.BatchSize), parseResult.GetValue(options.EventBytes), parseResult.GetValue(options.Seed),
                "cartwheel " + string.Join(' ', parseResult.Tokens.Select(t => t.Value)), parseResult.GetValue(options.FreshSessions));
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            try
            {
                var bench = new StreamBench(settings, console);
                bench.CountBefore();
                var result = await bench.RunAsync(cancellationToken);
                OutputWriter.Write(Summary(result), parseResult.GetValue(CommonOptions.Format));
                console.MarkupLine($"results: [blue]{Markup.Escape(outDir)}[/] (result.json, plot.svg, server.log)");
                return result.Consistency.Consistent ? CommandRunner.Ok : throw new CartwheelException(ErrorCodes.AccountingMismatch,
                    $"What reached bronze does not match what was acknowledged; see {Path.Combine(outDir, "result.json")}.");
            }
            finally
            {
                if (!explicitData && Directory.Exists(data.Root))
                {
                    Directory.Delete(data.Root, recursive: true);
                }
            }
        });
        return command;
    }

    private static Command StreamLoad()
    {
        var options = new LoadOptions();
        var url = new Option<string>("--url") { Description = "The server's base URL.", Required = true };
        var writeKey = new Option<string>("--write-key") { Description = "A write key the collector accepts.", Required = true };
        var command = new Command("stream-load", "The load generator of `bench stream` (one JSON line a second on stdout).")
        {
            url, writeKey, options.Duration, options.Rate, options.Connections, options.BatchSize, options.EventBytes, options.Seed, options.FreshSessions,
        };
        command.Hidden = true;
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var settings = new LoadSettings(new Uri(parseResult.GetValue(url)!, UriKind.Absolute), parseResult.GetValue(writeKey)!, options.DurationOf(parseResult), parseResult.GetValue(options.Rate),
                parseResult.GetValue(options.Connections), parseResult.GetValue(options.BatchSize), parseResult.GetValue(options.EventBytes), parseResult.GetValue(options.Seed),
                parseResult.GetValue(options.FreshSessions));
            await new LoadGenerator(settings, Console.Out).RunAsync(cancellationToken);
            return CommandRunner.Ok;
        });
        return command;
    }

    /// <summary>Draws the plot of a result file again (after the plot changed, or to put it in the docs).</summary>
    private static Command StreamPlot()
    {
        var result = new Argument<string>("result") { Description = "A result.json of bench stream." };
        var output = new Option<string?>("--out") { Description = "The SVG to write. Default: plot.svg beside the result." };
        var command = new Command("stream-plot", "Draw plot.svg of a bench stream result.json.") { result, output };
        command.Hidden = true;
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(result)!;
            var run = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken), BenchJsonContext.Default.StreamBenchResult)
                ?? throw new CartwheelException(ErrorCodes.InvalidArgument, $"{path} is not a bench stream result.");
            var svg = parseResult.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "plot.svg");
            await File.WriteAllTextAsync(svg, StreamBench.Plot(run), cancellationToken);
            return CommandRunner.Ok;
        });
        return command;
    }

    private static TabularResult Summary(StreamBenchResult r)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            Row("accepted events/s (steady)", r.Throughput.SteadyMessagesPerSecond, "≥ 150000", r.Targets[0].Met),
            Row("accepted events/s (whole load phase)", r.Throughput.MessagesPerSecond, null, null),
            Row("events acknowledged", r.Throughput.AckedMessages, null, null),
            Row("requests refused (429)", r.Throughput.RejectedRequests, null, null),
            Row("ack latency p50 / p99 (ms)", $"{r.Ack.P50Ms:0.#} / {r.Ack.P99Ms:0.#}", null, null),
            Row("event→visible p50 / p99 (ms)", $"{r.Visible.P50Ms:0} / {r.Visible.P99Ms:0}", "p99 < 1000", r.Targets[1].Met),
            Row("event→dashboard p50 / p99 (ms)", $"{r.Dashboard.P50Ms:0} / {r.Dashboard.P99Ms:0}", "p99 < 1000", r.Targets[2].Met),
            Row("server event→aggregate p50 / p99 (ms, per batch)", $"{r.ServerEventToAggregate.P50Ms:0} / {r.ServerEventToAggregate.P99Ms:0}", null, null),
            Row("peak RSS server / generator (MiB)", $"{r.Resources.ServerPeakRssMib:0} / {r.Resources.GeneratorPeakRssMib:0}", "< 1024", r.Targets[3].Met),
            Row("CPU-µs per event server / generator", $"{r.Resources.ServerCpuMicrosPerEvent:0.0} / {r.Resources.GeneratorCpuMicrosPerEvent:0.0}", null, null),
            Row("bronze rows (events) = acknowledged click events", $"{r.Consistency.BronzeRows.GetValueOrDefault("events")} = {r.Throughput.AckedClickEvents}", null, r.Consistency.Consistent),
            Row("load average start → end", $"{r.Machine.LoadAverageStart} → {r.Machine.LoadAverageEnd}", null, null),
        };
        return new TabularResult("bench stream", ["measure", "value", "target", "met"], rows);
    }

    private static object?[] Row(string name, object value, string? target, bool? met) =>
        [name, value is string s ? s : Convert.ToString(value, CultureInfo.InvariantCulture), target, met is null ? null : met.Value ? "yes" : "no"];

    /// <summary>The options the bench and its generator share.</summary>
    private sealed class LoadOptions
    {
        public Option<string> Duration { get; } = new("--duration") { Description = "How long to send (e.g. 60s, 2m).", DefaultValueFactory = _ => "60s" };

        public Option<int> Rate { get; } = new("--rate") { Description = "Target events/s over all connections; 0 sends as fast as acknowledgements come.", DefaultValueFactory = _ => 0 };

        public Option<int> Connections { get; } = new("--connections") { Description = "HTTP connections, each sending one batch at a time.", DefaultValueFactory = _ => 8 };

        public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Segment messages per /v1/batch request.", DefaultValueFactory = _ => 500 };

        public Option<int> EventBytes { get; } = new("--event-bytes") { Description = "Pad each message to about this many bytes (0: as the simulator makes them, ~600).", DefaultValueFactory = _ => 0 };

        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the simulated shop and traffic.", DefaultValueFactory = _ => 7 };

        public Option<bool> FreshSessions { get; } = new("--fresh-sessions")
        {
            Description = "New session ids on every pass over the 20,000 message templates, so distinct sessions grow with the rate as in a real shop (false: they repeat).",
            DefaultValueFactory = _ => true,
        };

        public LoadOptions()
        {
            Duration.Validators.Add(r =>
            {
                if (!DurationText.TryParse(r.GetValueOrDefault<string>(), out _))
                {
                    r.AddError("--duration is a positive duration like 500ms, 60s, 2m or 1h (at most a day).");
                }
            });
            Positive(Connections, 1, 1024);
            Positive(BatchSize, 1, 10_000);
            Positive(Rate, 0, 100_000_000);
            Positive(EventBytes, 0, 32_000);
        }

        public TimeSpan DurationOf(ParseResult parseResult) =>
            DurationText.TryParse(parseResult.GetValue(Duration), out var duration) ? duration : TimeSpan.FromSeconds(60);

        private static void Positive(Option<int> option, int min, int max) => option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var v && (v < min || v > max))
            {
                r.AddError($"{option.Name} must be between {min} and {max}.");
            }
        });
    }
}
