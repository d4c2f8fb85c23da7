using System.CommandLine;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel run --date D [--lookback-days 2]</c> or <c>--from D1 --to D2</c>: bronze → silver → gold for a date range.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "The day to run (YYYY-MM-DD); the lookback days before it are re-derived too." };
        var lookback = new Option<int>("--lookback-days") { Description = "Days before --date to re-derive (late data).", DefaultValueFactory = _ => 2 };
        var from = new Option<string?>("--from") { Description = "First day of a range (YYYY-MM-DD), instead of --date." };
        var to = new Option<string?>("--to") { Description = "Last day of a range (YYYY-MM-DD), with --from." };
        var command = new Command("run", "Build silver partitions and gold tables for a day (with lookback) or a date range.") { date, lookback, from, to };
        // Called statically: the instance SetAction would bypass CommandRunner's error boundary.
        command.SetGuardedAction((parseResult, cancellationToken) => Task.FromResult(Body(parseResult, cancellationToken)));
        return command;

        int Body(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var dateText = parseResult.GetValue(date);
            var fromText = parseResult.GetValue(from);
            var toText = parseResult.GetValue(to);
            var days = parseResult.GetValue(lookback);
            if ((dateText is null) == (fromText is null) || (fromText is null) != (toText is null) || days < 0)
            {
                throw new CartwheelException(ErrorCodes.InvalidArgument, "Give either --date (with an optional --lookback-days ≥ 0) or both --from and --to.");
            }

            var arguments = dateText is not null ? $"--date {dateText} --lookback-days {days}" : $"--from {fromText} --to {toText}";
            return RunSummary.Execute(CommonOptions.ResolveDataDirectory(parseResult), parseResult.GetValue(CommonOptions.Format), "run", arguments,
                (runner, runId, progress) => dateText is not null
                    ? runner.Run(RunSummary.ParseDate(dateText, "--date"), days, runId, progress, cancellationToken)
                    : runner.RunRange(RunSummary.ParseDate(fromText!, "--from"), RunSummary.ParseDate(toText!, "--to"), runId, progress, cancellationToken));
        }
    }
}
