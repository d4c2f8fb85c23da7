using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Internal;
using Cartwheel.Lake;

namespace Cartwheel.Warehouse;

public sealed partial class Warehouse
{
    /// <summary>
    /// (Re)creates the <c>silver.&lt;kind&gt;</c> views over the files of the catalog's current silver partitions (each
    /// partition's base file and the files appended to it; never a glob; typed and empty when a kind has none) and <c>silver.partitions</c> (kind, dt, built_at, batch_id).
    /// </summary>
    public void RefreshSilverViews(CatalogStore catalog)
    {
        var partitions = catalog.ListSilverPartitions();
        var byKind = catalog.ListSilverFiles().ToLookup(p => p.Kind, StringComparer.Ordinal);
        foreach (var kind in EntityKinds.All.Select(EntityKinds.Name))
        {
            var files = byKind[kind].Select(p => DataDirectory.Absolute(p.Path)).ToList();
            var body = files.Count == 0
                ? EmptySilverSelect(kind)
                : $"SELECT * FROM read_parquet({FileList(files)}, hive_partitioning = true, hive_types = {{'dt': DATE}})";
            CreateView($"silver.{kind}", body);
        }

        var rows = partitions.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"({Literal(p.Kind)}, DATE '{p.Date:yyyy-MM-dd}', TIMESTAMPTZ '{p.BuiltAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00', {Literal(p.BatchId)})"));
        Execute(partitions.Count == 0
            ? "CREATE OR REPLACE VIEW silver.partitions AS SELECT CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS DATE) AS dt, CAST(NULL AS TIMESTAMPTZ) AS built_at, CAST(NULL AS VARCHAR) AS batch_id WHERE false"
            : $"CREATE OR REPLACE VIEW silver.partitions AS SELECT * FROM (VALUES {string.Join(", ", rows)}) AS p(kind, dt, built_at, batch_id)");
    }

    /// <summary>A typed empty relation with the silver columns of a kind and <c>dt</c>.</summary>
    private string EmptySilverSelect(string kind)
    {
        Execute(SqlResources.Get("silver/_macros.sql"));
        Execute($"CREATE OR REPLACE TEMP VIEW silver_input AS {BronzeSchema.EmptySelect}");
        var columns = new List<string>();
        using (var reader = Reader($"DESCRIBE SELECT * EXCLUDE ({SilverBuilder.StageOnlyColumns}, dt) FROM ({SqlResources.Get($"silver/{kind}.sql")})"))
        {
            while (reader.Read())
            {
                columns.Add($"CAST(NULL AS {reader.GetString(1)}) AS \"{reader.GetString(0)}\"");
            }
        }

        Execute("DROP VIEW silver_input");
        columns.Add("CAST(NULL AS DATE) AS dt");
        return $"SELECT {string.Join(", ", columns)} WHERE false";
    }
}
