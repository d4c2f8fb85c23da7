using System.CommandLine;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel rebuild</c>: delete the DuckDB warehouse file and rebuild silver and gold from every committed bronze file.</summary>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var command = new Command("rebuild", "Delete the warehouse file, silver files and silver records, and rebuild silver and gold from bronze.");
        // Called statically: the instance SetAction would bypass CommandRunner's error boundary.
        command.SetGuardedAction((parseResult, cancellationToken) => Task.FromResult(Body(parseResult, cancellationToken)));
        return command;

        int Body(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            foreach (var file in new[] { dataDirectory.WarehousePath, dataDirectory.WarehousePath + ".wal" })
            {
                File.Delete(file);
            }

            return RunSummary.Execute(dataDirectory, parseResult.GetValue(CommonOptions.Format), "rebuild", string.Empty,
                (runner, runId, progress) => runner.Rebuild(runId, progress, cancellationToken));
        }
    }
}
