namespace Cartwheel.Ingest;

/// <summary>What happened to one input file.</summary>
public enum IngestFileStatus
{
    /// <summary>Its records are in bronze (accepted) or quarantine, and the catalog holds its commit.</summary>
    Ingested,

    /// <summary>Nothing to do: the same bytes were ingested before, or the file is empty.</summary>
    Skipped,

    /// <summary>The file as a whole could not be ingested (missing, unknown kind, wrong header, binary, unreadable); nothing was written.</summary>
    Rejected,
}
