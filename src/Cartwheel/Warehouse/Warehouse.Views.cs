using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Lake;

namespace Cartwheel.Warehouse;

public sealed partial class Warehouse
{
    /// <summary>
    /// (Re)creates the <c>bronze.&lt;kind&gt;</c> views over the committed bronze files listed in the catalog
    /// (never a glob: an uncommitted file on disk is not data).
    /// </summary>
    public void RefreshBronzeViews(CatalogStore catalog)
    {
        var byKind = catalog.ListBronzeFiles().ToLookup(f => f.Kind, StringComparer.Ordinal);
        foreach (var kind in EntityKinds.All)
        {
            var name = kind.Name();
            var files = byKind[name].Select(f => DataDirectory.Absolute(f.Path)).ToList();
            var body = files.Count == 0
                ? BronzeSchema.EmptySelect
                : $"SELECT {BronzeColumnList} FROM read_parquet({FileList(files)}, hive_partitioning = true, hive_types = {{'dt': DATE}})";
            CreateView($"bronze.{name}", body);
        }
    }

    /// <summary>The bronze column names in file order, then <c>dt</c>.</summary>
    internal const string BronzeColumnList =
        "record_id, event_time, payload, raw, source_file, line_number, ingestion_time, file_hash, batch_id, dt";

    /// <summary>A DuckDB list literal of file paths.</summary>
    internal static string FileList(IEnumerable<string> paths) => "[" + string.Join(", ", paths.Select(Literal)) + "]";
}
