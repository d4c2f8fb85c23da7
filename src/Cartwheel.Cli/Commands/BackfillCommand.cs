using System.CommandLine;
using Cartwheel.Cli.Output;
using Cartwheel.Orchestration;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel backfill &lt;dag&gt; --from D1 --to D2 [--parallel N]</c>: one run per logical date, with a progress bar.</summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var dag = new Argument<string>("dag") { Description = "The DAG id, e.g. example." };
        var from = new Option<DateOnly>("--from") { Description = "The first logical date (YYYY-MM-DD).", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "The last logical date, inclusive.", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (also capped by the DAG's max_active_runs).", DefaultValueFactory = _ => 1 };
        var command = new Command("backfill", "Run a DAG for every logical date of a range; exit code 2 when any run failed.") { dag, from, to, parallel };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var dagId = parseResult.GetValue(dag)!;
            var (first, last, n) = (parseResult.GetValue(from), parseResult.GetValue(to), parseResult.GetValue(parallel));
            var total = host.Backfill.LogicalDates(dagId, first, last).Count;
            IReadOnlyList<DagRunRecord> runs;
            if (Console.IsErrorRedirected)
            {
                runs = await host.Backfill.RunAsync(dagId, first, last, n, new LineProgress(total), cancellationToken);
            }
            else
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                runs = await console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"backfill {Markup.Escape(dagId)}", maxValue: total);
                    return await host.Backfill.RunAsync(dagId, first, last, n, new Progress<DagRunRecord>(_ => bar.Increment(1)), cancellationToken);
                });
            }

            var rows = runs.Select(r => (IReadOnlyList<object?>)[r.LogicalDate, r.RunId, StatusText.Of(r.Status), r.Duration?.TotalSeconds, r.Error]).ToList();
            OutputWriter.Write(new TabularResult($"Backfill of {dagId}", ["logical_date", "run_id", "status", "seconds", "error"], rows),
                parseResult.GetValue(CommonOptions.Format));
            var failed = runs.Count(r => r.Status != DagRunStatus.Success);
            return failed == 0 ? CommandRunner.Ok
                : throw new CartwheelException(ErrorCodes.DagRunFailed, $"{failed} of {runs.Count} runs failed; resume each with: cartwheel dag retry <run-id>");
        });
        return command;
    }

    /// <summary>Plain progress lines on stderr when it is not a terminal.</summary>
    private sealed class LineProgress(int total) : IProgress<DagRunRecord>
    {
        private int _done;

        public void Report(DagRunRecord value) =>
            Console.Error.WriteLine($"[{Interlocked.Increment(ref _done)}/{total}] {value.LogicalDate.UtcDateTime:yyyy-MM-dd} {StatusText.Of(value.Status)}");
    }
}
