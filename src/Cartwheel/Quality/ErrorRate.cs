using System.Globalization;
using Cartwheel.Catalog;

namespace Cartwheel.Quality;

/// <summary>
/// The pipeline-wide data error rate from the catalog's record accounting (<c>batches</c>). Every record is
/// counted once, on its partition date when it has one, else on the day it was ingested:
/// <list type="bullet">
/// <item>silver batches of (kind, dt): <c>received</c> records (every bronze row of the partition) and <c>quarantined</c> ones;</item>
/// <item>ingest batches (no partition: their time was missing or bad, or the line unreadable): <c>quarantined</c>
/// records, on the UTC date the batch was recorded, counted in both the numerator and the denominator.</item>
/// </list>
/// So ingested = every record that reached Cartwheel, quarantined = every record set aside at ingest or silver.
/// </summary>
public static class ErrorRate
{
    public static IReadOnlyList<ErrorRateRow> Compute(CatalogStore catalog, DateOnly? date = null, string? kind = null)
    {
        var totals = new SortedDictionary<(string Kind, DateOnly Date), (long Ingested, long Quarantined)>();
        foreach (var batch in catalog.ListBatchesWithTime())
        {
            var (a, recordedAt) = batch;
            var day = a.Stage == "silver" ? CatalogStore.ParseDate(a.Date) : DateOnly.FromDateTime(recordedAt.UtcDateTime);
            var ingested = a.Stage == "silver" ? a.Received : a.Quarantined;
            var key = (a.Kind, day);
            var (i, q) = totals.GetValueOrDefault(key);
            totals[key] = (i + ingested, q + a.Quarantined);
        }

        return totals.Where(t => (date is null || t.Key.Date == date) && (kind is null || t.Key.Kind == kind))
            .Select(t => new ErrorRateRow(t.Key.Kind, t.Key.Date, t.Value.Ingested, t.Value.Quarantined)).ToList();
    }

    /// <summary>The error_rate expectation: fails when any kind's rate on the date exceeds max_rate.</summary>
    internal static CheckOutcome Check(CatalogStore catalog, Expectation e, DateOnly date)
    {
        var rows = Compute(catalog, date).Where(r => r.Ingested > 0).ToList();
        if (rows.Count == 0)
        {
            return CheckOutcome.Skipped("nothing ingested on this date");
        }

        var over = rows.Where(r => r.Rate > e.MaxRate).ToList();
        var max = rows.Max(r => r.Rate);
        var sample = over.Select(r => $"{r.Kind}={CheckOutcome.Number(r.Rate, 6)}").Order(StringComparer.Ordinal).Take(10).ToList();
        return CheckOutcome.Of(over.Count == 0, CheckOutcome.Number(max, 6), over.Sum(r => r.Quarantined), sample,
            string.Create(CultureInfo.InvariantCulture, $"max rate {CheckOutcome.Number(max, 6)} over {rows.Count} kind(s); max_rate {e.MaxRate}"));
    }
}
