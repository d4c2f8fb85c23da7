using System.CommandLine;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel status</c>: what the catalog knows, per kind and layer, with record accounting totals.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show per kind: ingested files, bronze rows and partitions, silver rows, quarantined and duplicate records.");
        command.SetGuardedAction(parseResult =>
        {
            var catalog = CatalogStore.Open(CommonOptions.ResolveDataDirectory(parseResult));
            OutputWriter.Write(Build(catalog), parseResult.GetValue(CommonOptions.Format));
            return CommandRunner.Ok;
        });
        return command;
    }

    internal static TabularResult Build(CatalogStore catalog)
    {
        var files = catalog.ListIngestedFiles().ToLookup(f => f.Kind, StringComparer.Ordinal);
        var bronze = catalog.ListBronzeFiles().ToLookup(f => f.Kind, StringComparer.Ordinal);
        var silver = catalog.ListSilverPartitions().ToLookup(p => p.Kind, StringComparer.Ordinal);
        var batches = catalog.ListBatches().ToLookup(b => (b.Kind, b.Stage));
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var kind in Contracts.EntityKinds.All.Select(Contracts.EntityKinds.Name))
        {
            if (!files[kind].Any() && !bronze[kind].Any())
            {
                continue;
            }

            rows.Add([
                kind,
                files[kind].Count(),
                bronze[kind].Sum(f => f.RowCount),
                bronze[kind].Select(f => f.Date).Distinct().Count(),
                silver[kind].Sum(p => p.RowCount),
                batches[(kind, "ingest")].Sum(b => b.Quarantined) + batches[(kind, "silver")].Sum(b => b.Quarantined),
                batches[(kind, "silver")].Sum(b => b.Duplicates),
            ]);
        }

        return new TabularResult("Catalog status",
            ["kind", "files", "bronze_rows", "bronze_partitions", "silver_rows", "quarantined", "duplicates"], rows);
    }
}
