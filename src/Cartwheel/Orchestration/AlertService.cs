using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Cartwheel.Orchestration;

/// <summary>
/// Raises alerts: de-duplicates by key in the catalog, writes each new alert to the log and delivers it to every
/// sink. Delivery failures are logged and recorded on the alert, never thrown: an alert cannot crash a run.
/// Other stages call <see cref="RaiseDataQualityFailureAsync"/> and <see cref="RaiseFreshnessBreachAsync"/>.
/// </summary>
public sealed class AlertService(
    DagRunStore store, IEnumerable<IAlertSink> sinks, OrchestrationOptions options, TimeProvider timeProvider, ILogger<AlertService> logger)
{
    private readonly IReadOnlyList<IAlertSink> _sinks = sinks.ToList();

    /// <summary>Raises an alert; false when an alert with the same key was raised before (nothing is sent).</summary>
    public async Task<bool> RaiseAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        if (!store.TryAddAlert(alert, timeProvider.GetUtcNow()))
        {
            return false;
        }

        var link = LinkFor(alert.RunId);
        logger.AlertRaised(StatusText.Of(alert.Kind), alert.Key, alert.Text, link);
        var errors = new List<string>();
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.SendAsync(alert, link, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.AlertDeliveryFailed(alert.Key, sink.Name, ex);
                errors.Add($"{sink.Name}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        store.RecordDelivery(alert.Key, timeProvider.GetUtcNow(), errors.Count == 0 ? null : string.Join("; ", errors));
        return true;
    }

    /// <summary>A data-quality suite failed for a table and date (one alert per table, date and run).</summary>
    public Task<bool> RaiseDataQualityFailureAsync(string table, DateOnly date, string message, string? dagId = null, string? runId = null,
        CancellationToken cancellationToken = default)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return RaiseAsync(new Alert(AlertKind.DataQualityFailure, $"data_quality_failure:{table}:{day}:{runId}",
            $"Data quality failed for {table} on {day}: {message}", dagId, runId, table,
            new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), cancellationToken);
    }

    /// <summary>A source has not delivered data for longer than <paramref name="threshold"/> (one alert per source and last-seen time).</summary>
    public Task<bool> RaiseFreshnessBreachAsync(string source, DateTimeOffset lastSeen, TimeSpan threshold, CancellationToken cancellationToken = default)
    {
        var seen = lastSeen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return RaiseAsync(new Alert(AlertKind.FreshnessBreach, $"freshness_breach:{source}:{seen}",
            $"No new data from {source} since {seen} (threshold {threshold})."), cancellationToken);
    }

    /// <summary>The run page of a run: <c>{baseUrl}/runs.html#{run_id}</c> (the server's runs page selects the run from the fragment).</summary>
    public string? LinkFor(string? runId) => runId is null ? null : $"{options.BaseUrl.TrimEnd('/')}/runs.html#{Uri.EscapeDataString(runId)}";
}
