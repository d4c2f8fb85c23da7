using System.CommandLine;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;
using Cartwheel.Resilience;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel deadletter list|replay</c>: records that failed repeatedly at a source, and handing them back to it.</summary>
internal static class DeadLetterCommand
{
    private static readonly string[] Columns = ["id", "source", "record_key", "status", "attempts", "first_failure_at", "last_failure_at", "error"];

    public static Command Create()
    {
        var command = new Command("deadletter", "List dead-lettered records (e.g. rejected input files) and replay them through their source.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Replay());
        return command;
    }

    private static Command List()
    {
        var source = new Option<string?>("--source") { Description = "Only this source (e.g. file-ingest)." };
        var all = new Option<bool>("--all") { Description = "Include replayed letters." };
        var command = new Command("list", "List pending dead letters (oldest first).") { source, all };
        command.SetGuardedAction(parseResult =>
        {
            var store = new DeadLetterStore(CatalogStore.Open(CommonOptions.ResolveDataDirectory(parseResult)), TimeProvider.System);
            Write("Dead letters", store.List(parseResult.GetValue(source), parseResult.GetValue(all)), parseResult);
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Replay()
    {
        var source = new Option<string?>("--source") { Description = "Only this source's pending letters." };
        var id = new Option<long?>("--id") { Description = "Only this letter." };
        var command = new Command("replay", "Hand pending dead letters back to their source's handler; exit 2 when any fails again.") { source, id };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var catalog = CatalogStore.Open(dataDirectory);
            var store = new DeadLetterStore(catalog, TimeProvider.System);
            var replayer = new DeadLetterReplayer(store, [new FileIngestDeadLetters(dataDirectory, catalog)]);
            var results = await replayer.ReplayAsync(parseResult.GetValue(source), parseResult.GetValue(id), cancellationToken);
            Write("Replayed dead letters", results.Select(r => r.Letter), parseResult);
            return results.All(r => r.Replayed) ? CommandRunner.Ok : CommandRunner.Failed;
        });
        return command;
    }

    private static void Write(string title, IEnumerable<DeadLetter> letters, ParseResult parseResult) =>
        OutputWriter.Write(new TabularResult(title, Columns, letters.Select(l => (IReadOnlyList<object?>)
            [l.Id, l.Source, l.RecordKey, l.Status.ToString().ToLowerInvariant(), l.Attempts, l.FirstFailureAt, l.LastFailureAt, l.Error]).ToList()),
            parseResult.GetValue(CommonOptions.Format));
}
