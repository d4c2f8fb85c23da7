using System.CommandLine;
using Cartwheel.Cli.Output;
using Cartwheel.Orchestration;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel dag list|run|runs|tasks|retry</c>: DAG definitions, runs and their history.</summary>
internal static class DagCommand
{
    public static Command Create()
    {
        var command = new Command("dag", "List DAGs, run one for a logical date, show run history, resume a failed run.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Runs());
        command.Subcommands.Add(Tasks());
        command.Subcommands.Add(Retry());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the registered DAGs.");
        command.SetGuardedAction(parseResult =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var rows = host.Registry.All.Select(d => (IReadOnlyList<object?>)[d.Id, d.Cron ?? "", string.Join(" ", d.Tasks.Select(t => t.Id)),
                d.MaxActiveRuns, d.Catchup, d.Sla?.ToString() ?? "", d.Description]).ToList();
            OutputWriter.Write(new TabularResult("DAGs", ["dag", "schedule", "tasks", "max_active_runs", "catchup", "sla", "description"], rows),
                parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Run()
    {
        var dag = new Argument<string>("dag") { Description = "The DAG id, e.g. example." };
        var date = new Option<DateOnly>("--date") { Description = "The logical date (YYYY-MM-DD, UTC).", Required = true };
        var command = new Command("run", "Run a DAG for one logical date and wait for it; exit code 2 when the run fails.") { dag, date };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var logicalDate = new DateTimeOffset(parseResult.GetValue(date).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var run = await host.Runner.RunAsync(parseResult.GetValue(dag)!, logicalDate, RunType.Manual, cancellationToken);
            return Finish(host, run, parseResult);
        });
        return command;
    }

    private static Command Runs()
    {
        var dag = new Option<string?>("--dag") { Description = "Only runs of this DAG." };
        var limit = new Option<int>("--limit") { Description = "At most this many runs, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("runs", "Show DAG runs, newest logical date first.") { dag, limit };
        command.SetGuardedAction(parseResult =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var rows = host.Store.ListRuns(parseResult.GetValue(dag), parseResult.GetValue(limit)).Select(r => (IReadOnlyList<object?>)[
                r.RunId, r.DagId, r.LogicalDate, StatusText.Of(r.RunType), StatusText.Of(r.Status), r.StartedAt, r.Duration?.TotalSeconds, r.Error]).ToList();
            OutputWriter.Write(new TabularResult("DAG runs", ["run_id", "dag", "logical_date", "type", "status", "started_at", "seconds", "error"], rows),
                parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Tasks()
    {
        var runId = new Argument<string>("run-id") { Description = "The run, as shown by `dag runs`." };
        var command = new Command("tasks", "Show the tasks of a run with their attempts and errors.") { runId };
        command.SetGuardedAction(parseResult =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var run = host.Store.GetRun(parseResult.GetValue(runId)!);
            OutputWriter.Write(TaskTable(host, run), parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Retry()
    {
        var runId = new Argument<string>("run-id") { Description = "A failed run, as shown by `dag runs`." };
        var command = new Command("retry", "Resume a failed run: rerun its failed and upstream_failed tasks and their descendants, keep succeeded ones.") { runId };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            using var host = OrchestrationHost.Create(CommonOptions.ResolveDataDirectory(parseResult));
            var run = await host.Runner.RetryAsync(parseResult.GetValue(runId)!, cancellationToken);
            return Finish(host, run, parseResult);
        });
        return command;
    }

    private static int Finish(OrchestrationHost host, DagRunRecord run, ParseResult parseResult)
    {
        OutputWriter.Write(TaskTable(host, run), parseResult.GetValue(CommonOptions.Format));
        return run.Status == DagRunStatus.Success ? CommandRunner.Ok
            : throw new CartwheelException(ErrorCodes.DagRunFailed, $"Run {run.RunId} failed. {run.Error}. Resume it with: cartwheel dag retry {run.RunId}");
    }

    private static TabularResult TaskTable(OrchestrationHost host, DagRunRecord run)
    {
        var rows = host.Store.ListTaskInstances(run.RunId).Select(t => (IReadOnlyList<object?>)[
            t.TaskId, StatusText.Of(t.Status), t.Attempts, t.Duration?.TotalSeconds, t.Error]).ToList();
        return new TabularResult($"{run.RunId}: {StatusText.Of(run.Status)}", ["task", "status", "attempts", "seconds", "error"], rows);
    }
}
