using System.CommandLine;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel run --date D [--lookback-days 2]</c>, <c>--from D1 --to D2</c>, <c>--full-refresh</c>, or no dates (the dates of
/// the bronze files committed since the last successful run, plus the lookback): bronze → silver → gold, published as a new gold version
/// once the quality gate passed the candidate over the run's dates (<c>--skip-quality</c> publishes unchecked).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "The day to run (YYYY-MM-DD); the lookback days before it are re-derived too." };
        var lookback = new Option<int>("--lookback-days") { Description = "Days before --date to re-derive (late data).", DefaultValueFactory = _ => 2 };
        var from = new Option<string?>("--from") { Description = "First day of a range (YYYY-MM-DD), instead of --date." };
        var to = new Option<string?>("--to") { Description = "Last day of a range (YYYY-MM-DD), with --from." };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Rebuild silver and gold from every committed bronze file (same result as the incremental path)." };
        var skipQuality = new Option<bool>("--skip-quality") { Description = "Publish gold without the quality gate (by default an error-severity failure keeps the previous version)." };
        var command = new Command("run",
            "Build silver partitions and gold tables for a day (with lookback), a date range, everything (--full-refresh), or with no dates the dates of newly committed bronze files.")
        { date, lookback, from, to, fullRefresh, skipQuality };
        // Called statically: the instance SetAction would bypass CommandRunner's error boundary.
        command.SetGuardedAction((parseResult, cancellationToken) => Task.FromResult(Body(parseResult, cancellationToken)));
        return command;

        int Body(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var dateText = parseResult.GetValue(date);
            var fromText = parseResult.GetValue(from);
            var toText = parseResult.GetValue(to);
            var days = parseResult.GetValue(lookback);
            var full = parseResult.GetValue(fullRefresh);
            if ((dateText is not null && fromText is not null) || (fromText is null) != (toText is null) || days < 0 || (full && (dateText ?? fromText) is not null))
            {
                throw new CartwheelException(ErrorCodes.InvalidArgument,
                    "Give --date (with an optional --lookback-days ≥ 0), both --from and --to, --full-refresh, or no dates at all.");
            }

            var arguments = full ? "--full-refresh" : dateText is not null ? $"--date {dateText} --lookback-days {days}"
                : fromText is not null ? $"--from {fromText} --to {toText}" : $"--lookback-days {days}";
            return RunSummary.Execute(CommonOptions.ResolveDataDirectory(parseResult), parseResult.GetValue(CommonOptions.Format), "run", arguments,
                (runner, runId, progress) => full ? runner.Rebuild(runId, progress, cancellationToken)
                    : dateText is not null ? runner.Run(RunSummary.ParseDate(dateText, "--date"), days, runId, progress, cancellationToken)
                    : fromText is not null ? runner.RunRange(RunSummary.ParseDate(fromText, "--from"), RunSummary.ParseDate(toText!, "--to"), runId, progress, cancellationToken)
                    : runner.RunPending(days, runId, progress, cancellationToken),
                quality: !parseResult.GetValue(skipQuality));
        }
    }
}
