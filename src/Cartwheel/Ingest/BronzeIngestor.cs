using Cartwheel.Catalog;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest;

/// <summary>
/// Ingests input files (JSON lines or CSV, optionally gzip) into bronze Parquet and commits them to the
/// catalog. Per file: skipped when its SHA-256 was ingested before; otherwise every record goes to bronze
/// or, when malformed, to quarantine with a reason; a file that cannot be read as a whole is rejected and
/// leaves nothing behind. One file's failure does not stop the others. Synchronous (DuckDB is).
/// </summary>
public sealed partial class BronzeIngestor(DataDirectory dataDirectory, CatalogStore catalog)
{
    /// <summary>
    /// Ingests files and folders (recursively; <c>manifest.json</c> and hidden files ignored). The kind comes
    /// from each file name unless <paramref name="kind"/> is given. An empty file is skipped (not an error).
    /// Cancellation removes the current file's partial output and throws.
    /// </summary>
    public IngestReport Ingest(
        IReadOnlyList<string> paths,
        EntityKind? kind = null,
        string? runId = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        dataDirectory.EnsureCreated();
        using var ingestLock = AcquireLock();
        var removed = new BronzeRecovery(dataDirectory, catalog).Recover();
        var inputs = InputFile.Expand(paths, kind, [dataDirectory.Lake, dataDirectory.Quarantine, dataDirectory.Reports]);
        var results = new List<IngestFileResult>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var input = inputs[i];
            if (input.Error is not null)
            {
                results.Add(IngestFileResult.Rejected(input.Path, input.Kind, input.Error));
                continue;
            }

            var context = new FileContext(input, input.Kind!.Value, i + 1, inputs.Count, runId, progress);
            try
            {
                results.Add(IngestFile(context, cancellationToken));
            }
            catch (CartwheelException ex)
            {
                results.Add(IngestFileResult.Rejected(input.Path, input.Kind, ex));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                results.Add(IngestFileResult.Rejected(input.Path, input.Kind,
                    new CartwheelException(ErrorCodes.InputUnreadable, $"{input.Path}: cannot be read: {ex.Message}", ex)));
            }
        }

        return new IngestReport(results, removed);
    }

    /// <summary>One ingest at a time per data directory: recovery would otherwise remove another ingest's files in flight.</summary>
    private FileStream AcquireLock()
    {
        var path = Path.Combine(dataDirectory.Root, "ingest.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new CartwheelException(ErrorCodes.IngestBusy, $"Another ingest is running on {dataDirectory.Root} (lock {path}).", ex);
        }
    }

    private sealed record FileContext(InputFile Input, EntityKind Kind, int Index, int Count, string? RunId, IProgress<IngestProgress>? Progress);
}
