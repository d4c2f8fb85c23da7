using Cartwheel.Catalog;

namespace Cartwheel.Ingest;

/// <summary>
/// Undoes what a crashed writer left behind: bronze Parquet files without a catalog commit record,
/// quarantine files no committed batch refers to, and its own staging folder (<c>lake/_staging/ingest</c> or
/// <c>lake/_staging/stream</c>; a silver build stages elsewhere). Run before writing starts, while holding the writer's lock.
/// </summary>
/// <remarks>
/// Two writers share the bronze folders: file ingest and the stream processor, which runs for as long as
/// the server does. Each recovers only what it owns, told apart by the batch-id prefix of the names, so an
/// ingest starting while the stream has a micro-batch in flight never removes its files (and vice versa).
/// </remarks>
public sealed class BronzeRecovery(DataDirectory dataDirectory, CatalogStore catalog, string stage = "ingest")
{
    /// <summary>The batch-id prefix of everything the stream processor writes.</summary>
    public const string StreamPrefix = "stream-";

    /// <summary>Removes the orphans and returns their paths relative to the data directory.</summary>
    public IReadOnlyList<string> Recover()
    {
        var removed = new List<string>();
        var bronze = Path.Combine(dataDirectory.Lake, "bronze");
        if (Directory.Exists(bronze))
        {
            var committed = catalog.BronzePaths();
            foreach (var file in Directory.EnumerateFiles(bronze, "*.parquet", SearchOption.AllDirectories).Where(Owns))
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
            var referenced = catalog.ListQuarantineCounts(stage).Select(q => q.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(dataDirectory.Quarantine, stage + "-*.jsonl", SearchOption.AllDirectories))
            {
                var relative = dataDirectory.Relative(file);
                if (!referenced.Contains(relative))
                {
                    File.Delete(file);
                    removed.Add(relative);
                }
            }
        }

        var staging = stage == "stream" ? dataDirectory.StreamStaging : dataDirectory.IngestStaging;
        if (Directory.Exists(staging))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(staging))
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

    private bool Owns(string path) =>
        Path.GetFileName(path).StartsWith(StreamPrefix, StringComparison.Ordinal) == (stage == "stream");
}
