using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Ingest;

namespace Cartwheel.Resilience;

/// <summary>
/// Dead letters of file ingest (source <c>file-ingest</c>): an input file that was rejected as a whole (unreadable,
/// binary, bad header…). The key is its full path; the payload <c>{"path": …, "kind": …}</c>. Replay ingests it again.
/// </summary>
public sealed class FileIngestDeadLetters(DataDirectory dataDirectory, CatalogStore catalog) : IDeadLetterHandler
{
    public const string SourceName = "file-ingest";

    public string Source => SourceName;

    /// <summary>Dead-letters every rejected file of an ingest report; returns how many.</summary>
    public static int RecordRejected(DeadLetterStore store, IngestReport report)
    {
        var rejected = report.Files.Where(f => f.Status == IngestFileStatus.Rejected).ToList();
        foreach (var file in rejected)
        {
            var path = Path.GetFullPath(file.Path);
            var payload = JsonSerializer.Serialize(new Dictionary<string, string?> { ["path"] = path, ["kind"] = file.Kind?.Name() });
            store.Record(SourceName, path, payload, $"{file.ErrorCode}: {file.Message}");
        }

        return rejected.Count;
    }

    /// <summary>Ingests the file again; throws when it is rejected again (ingested or already-ingested counts as success).</summary>
    public Task ReplayAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(letter.Payload);
        var path = document.RootElement.GetProperty("path").GetString()!;
        EntityKind? kind = document.RootElement.TryGetProperty("kind", out var k) && k.GetString() is { } name && EntityKinds.TryParse(name, out var parsed)
            ? parsed : null;
        var report = new BronzeIngestor(dataDirectory, catalog).Ingest([path], kind, cancellationToken: cancellationToken);
        if (report.Files.FirstOrDefault(f => f.Status == IngestFileStatus.Rejected) is { } again)
        {
            throw new CartwheelException(again.ErrorCode ?? ErrorCodes.InputUnreadable, again.Message ?? "rejected again");
        }

        return Task.CompletedTask;
    }
}
