using System.Globalization;
using Cartwheel.Catalog;

namespace Cartwheel.Quality;

/// <summary>
/// The pipeline-wide data error rate from the catalog's record accounting (<c>batches</c>), per kind, stage and day,
/// each stage over what it read:
/// <list type="bullet">
/// <item><c>silver</c> batches of (kind, dt): the partition's <c>received</c> bronze rows and the <c>quarantined</c> ones, on dt;</item>
/// <item><c>ingest</c> (files) and <c>stream</c> (micro-batches) batches: the records they read and those they set aside
/// (no usable time, unreadable line, invalid record), on the UTC day the batch was recorded.</item>
/// </list>
/// A record quarantined at ingest never reaches silver, so no record is counted as quarantined twice; a file of many
/// days ingested at once is judged against all its lines, not against the one partition of its ingestion day.
/// </summary>
public static class ErrorRate
{
    public static IReadOnlyList<ErrorRateRow> Compute(CatalogStore catalog, DateOnly? date = null, string? kind = null)
    {
        var totals = new SortedDictionary<(string Kind, string Stage, DateOnly Date), (long Ingested, long Quarantined)>();
        foreach (var batch in catalog.ListBatchesWithTime())
        {
            var (a, recordedAt) = batch;
            var day = a.Stage == "silver" ? CatalogStore.ParseDate(a.Date) : DateOnly.FromDateTime(recordedAt.UtcDateTime);
            var key = (a.Kind, a.Stage, day);
            var (i, q) = totals.GetValueOrDefault(key);
            totals[key] = (i + a.Received, q + a.Quarantined);
        }

        return totals.Where(t => (date is null || t.Key.Date == date) && (kind is null || t.Key.Kind == kind))
            .Select(t => new ErrorRateRow(t.Key.Kind, t.Key.Stage, t.Key.Date, t.Value.Ingested, t.Value.Quarantined)).ToList();
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
        var sample = over.Select(r => $"{r.Kind}/{r.Stage}={CheckOutcome.Number(r.Rate, 6)}").Order(StringComparer.Ordinal).Take(10).ToList();
        return CheckOutcome.Of(over.Count == 0, CheckOutcome.Number(max, 6), over.Sum(r => r.Quarantined), sample,
            string.Create(CultureInfo.InvariantCulture, $"max rate {CheckOutcome.Number(max, 6)} over {rows.Count} kind/stage pair(s); max_rate {e.MaxRate}"));
    }
}
