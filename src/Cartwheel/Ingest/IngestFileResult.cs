using Cartwheel.Contracts;

namespace Cartwheel.Ingest;

/// <summary>
/// The outcome of one input file. <see cref="Received"/> = <see cref="Accepted"/> + <see cref="Quarantined"/>;
/// <see cref="QuarantinedByReason"/> counts the quarantined records by reason code (docs/data-model.md).
/// </summary>
public sealed record IngestFileResult(
    string Path,
    EntityKind? Kind,
    IngestFileStatus Status,
    long Received,
    long Accepted,
    long Quarantined,
    IReadOnlyDictionary<string, long> QuarantinedByReason,
    string? BatchId,
    string? ErrorCode,
    string? Message)
{
    internal static IngestFileResult Rejected(string path, EntityKind? kind, CartwheelException error) =>
        new(path, kind, IngestFileStatus.Rejected, 0, 0, 0, EmptyReasons, null, error.Code, error.Message);

    internal static IngestFileResult Skipped(string path, EntityKind kind, string message) =>
        new(path, kind, IngestFileStatus.Skipped, 0, 0, 0, EmptyReasons, null, null, message);

    internal static readonly IReadOnlyDictionary<string, long> EmptyReasons = new Dictionary<string, long>(StringComparer.Ordinal);
}
