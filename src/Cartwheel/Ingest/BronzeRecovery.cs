using Cartwheel.Catalog;

namespace Cartwheel.Ingest;

/// <summary>
/// Undoes what a crashed ingest left behind: bronze Parquet files without a catalog commit record,
/// ingest quarantine files no committed batch refers to, and everything in <c>lake/_staging/ingest</c>
/// (only ingest's own staging: a silver build running meanwhile stages its files elsewhere in <c>lake/_staging</c>).
/// Run before an ingest starts, while holding the ingest lock.
/// </summary>
public sealed class BronzeRecovery(DataDirectory dataDirectory, CatalogStore catalog)
{
    /// <summary>Removes the orphans and returns their paths relative to the data directory.</summary>
    public IReadOnlyList<string> Recover()
    {
        var removed = new List<string>();
        var bronze = Path.Combine(dataDirectory.Lake, "bronze");
        if (Directory.Exists(bronze))
        {
            var committed = catalog.BronzePaths();
            foreach (var file in Directory.EnumerateFiles(bronze, "*.parquet", SearchOption.AllDirectories))
            {
                var relative = dataDirectory.Relative(file);
                if (!committed.Contains(relative))
                {
                    File.Delete(file);
                    removed.Add(relative);
                }
            }
        }

        if (Directory.Exists(dataDirectory.Quarantine))
        {
            var referenced = catalog.ListQuarantineCounts("ingest").Select(q => q.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(dataDirectory.Quarantine, "ingest-*.jsonl", SearchOption.AllDirectories))
            {
                var relative = dataDirectory.Relative(file);
                if (!referenced.Contains(relative))
                {
                    File.Delete(file);
                    removed.Add(relative);
                }
            }
        }

        if (Directory.Exists(dataDirectory.IngestStaging))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(dataDirectory.IngestStaging))
            {
                removed.Add(dataDirectory.Relative(entry));
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        return removed;
    }
}
