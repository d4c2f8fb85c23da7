using System.CommandLine;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;
using Cartwheel.Warehouse;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel gold history [table]</c> and <c>cartwheel gold rollback &lt;table&gt; --to &lt;version&gt;</c>: published gold versions.</summary>
internal static class GoldCommand
{
    public static Command Create()
    {
        var command = new Command("gold", "Published gold versions: list them, or point readers of a table back at a kept version.");
        command.Subcommands.Add(History());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Command History()
    {
        var table = new Argument<string?>("table") { Description = "A gold table (all tables when omitted).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("history", "List the kept versions (id, created_at, run id, row count, current) of one or all gold tables.") { table };
        command.SetGuardedAction(parseResult =>
        {
            // The catalog alone: works while another process holds the warehouse.
            var catalog = CatalogStore.Open(CommonOptions.ResolveDataDirectory(parseResult));
            OutputWriter.Write(Listing("Gold versions", catalog.ListGoldVersions(parseResult.GetValue(table))), parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static Command Rollback()
    {
        var table = new Argument<string>("table") { Description = "The gold table, e.g. fact_sales." };
        var to = new Option<long>("--to") { Description = "The kept version to publish again (see `cartwheel gold history`).", Required = true };
        var command = new Command("rollback", "Point gold.<table> at a kept version, atomically; the next build publishes a new version.") { table, to };
        command.SetGuardedAction(parseResult =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var catalog = CatalogStore.Open(dataDirectory);
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory);
            var name = parseResult.GetValue(table)!;
            new GoldVersions(warehouse, catalog, new GoldOptions()).Rollback(name, parseResult.GetValue(to));
            OutputWriter.Write(Listing($"Gold versions of {name}", catalog.ListGoldVersions(name)), parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    private static TabularResult Listing(string title, IEnumerable<GoldVersion> versions) =>
        new(title, ["table", "version", "created_at", "run_id", "row_count", "is_current"],
            versions.Select(v => (IReadOnlyList<object?>)[v.Table, v.Version, v.CreatedAt, v.RunId, v.RowCount, v.IsCurrent]).ToList());
}
