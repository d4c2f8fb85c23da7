namespace Cartwheel.Streaming;

/// <summary>The points of a micro-batch after which a hook runs (tests inject crashes there).</summary>
public enum StreamStage
{
    /// <summary>Bronze and quarantine files are renamed into place; nothing is committed yet.</summary>
    BronzeWritten,

    /// <summary>Bronze files, accounting, positions and the checkpoint are committed; the log is not truncated yet.</summary>
    Committed,

    /// <summary>The log's truncation below the committed positions is requested (it completes behind the next batch); nothing is published yet.</summary>
    Truncated,

    /// <summary>The aggregates are published and the metrics updated.</summary>
    Published,
}
