namespace Cartwheel.Ingest;

/// <summary>
/// Progress of an ingest call: the file being read (1-based index of <see cref="FileCount"/>) and the bytes
/// of it read so far (compressed bytes for gzip input) out of <see cref="FileBytes"/>.
/// </summary>
public sealed record IngestProgress(string Path, int FileIndex, int FileCount, long BytesRead, long FileBytes);
