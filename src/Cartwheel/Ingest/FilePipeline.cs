using Cartwheel.Lake;

namespace Cartwheel.Ingest;

/// <summary>
/// Streams one file into bronze: the calling thread splits, validates and parses records (quarantining the bad
/// ones) and appends each accepted record's bytes to the <see cref="BronzeBatchWriter"/>, whose own thread
/// compresses and writes the pages, so parsing and Parquet encoding run on two cores.
/// </summary>
internal sealed partial class FilePipeline(
    RecordSplitter splitter, InputFormat format, KindSpec spec, QuarantineWriter quarantine, BronzeBatchWriter writer, string path)
{
    /// <summary>Records between two cancellation checks.</summary>
    private const int CheckEvery = 4096;

    /// <summary>Runs the file to its end; returns the records received (non-blank) and accepted.</summary>
    public (long Received, long Accepted) Run(CancellationToken cancellationToken) => Produce(cancellationToken);
}
