using Prometheus;

namespace Cartwheel.Server.Query;

/// <summary><c>cartwheel_query_requests_total{format, outcome}</c> and the rows the query API returned.</summary>
internal sealed class QueryMetrics(CollectorRegistry registry)
{
    private readonly Counter _requests = Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
        "cartwheel_query_requests_total", "POST /api/v1/query requests that reached the warehouse, by answer format and outcome (ok, refused, failed, timeout, busy).",
        "format", "outcome");

    private readonly Counter _rows = Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
        "cartwheel_query_rows_returned_total", "Rows returned by POST /api/v1/query.");

    public void Count(QueryFormat format, string outcome, int rows = 0)
    {
        _requests.WithLabels(format.Name(), outcome).Inc();
        _rows.Inc(rows);
    }
}
