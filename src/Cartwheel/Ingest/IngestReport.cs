namespace Cartwheel.Ingest;

/// <summary>The outcome of one <see cref="BronzeIngestor.Ingest"/> call: one result per input file, in input order.</summary>
public sealed record IngestReport(IReadOnlyList<IngestFileResult> Files, IReadOnlyList<string> RemovedOrphans)
{
    public long Received => Files.Sum(f => f.Received);

    public long Accepted => Files.Sum(f => f.Accepted);

    public long Quarantined => Files.Sum(f => f.Quarantined);

    public int IngestedFiles => Files.Count(f => f.Status == IngestFileStatus.Ingested);

    public int SkippedFiles => Files.Count(f => f.Status == IngestFileStatus.Skipped);

    public int RejectedFiles => Files.Count(f => f.Status == IngestFileStatus.Rejected);

    /// <summary>True when every file was ingested or skipped (the CLI exits 0).</summary>
    public bool Succeeded => RejectedFiles == 0;
}
