namespace Cartwheel.Quality;

/// <summary>
/// The data error rate of one source kind, stage and day: <see cref="Quarantined"/> ÷ <see cref="Ingested"/>, where
/// ingested is what that stage read (<c>silver</c>: the bronze rows of the partition <see cref="Date"/>; <c>ingest</c>
/// and <c>stream</c>: the records their batches read on the day they were recorded).
/// </summary>
public sealed record ErrorRateRow(string Kind, string Stage, DateOnly Date, long Ingested, long Quarantined)
{
    /// <summary>The rate, 0 when nothing was ingested.</summary>
    public double Rate => Ingested == 0 ? 0 : (double)Quarantined / Ingested;
}
