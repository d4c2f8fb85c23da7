namespace Cartwheel.Quality;

/// <summary>The data error rate of one source kind and day: <see cref="Quarantined"/> ÷ <see cref="Ingested"/>.</summary>
public sealed record ErrorRateRow(string Kind, DateOnly Date, long Ingested, long Quarantined)
{
    /// <summary>The rate, 0 when nothing was ingested.</summary>
    public double Rate => Ingested == 0 ? 0 : (double)Quarantined / Ingested;
}
