namespace Cartwheel.Catalog;

/// <summary>
/// The accounting of one stream micro-batch over all kinds: <c>received = accepted + quarantined + duplicates</c>
/// and <c>accepted = on_time + late</c> (against the watermark).
/// </summary>
public sealed record StreamBatchRecord(
    string BatchId,
    string Source,
    long Received,
    long Accepted,
    long Quarantined,
    long Duplicates,
    long OnTime,
    long Late,
    DateTimeOffset? Watermark,
    DateTimeOffset CommittedAt)
{
    /// <summary>True when both identities hold.</summary>
    public bool Balances => Received == Accepted + Quarantined + Duplicates && Accepted == OnTime + Late;
}
