namespace Cartwheel.Ingest;

/// <summary>
/// What parsing one record found: either its key and placing time (accepted), or the quarantine
/// <see cref="Reason"/> with a human <see cref="Detail"/>.
/// </summary>
internal readonly record struct RecordOutcome(string? Reason, string? Detail, string? RecordId, DateTime EventTime)
{
    public bool Accepted => Reason is null;

    public static RecordOutcome Accept(string? recordId, DateTime eventTime) => new(null, null, recordId, eventTime);

    public static RecordOutcome Reject(string reason, string detail) => new(reason, detail, null, default);
}
