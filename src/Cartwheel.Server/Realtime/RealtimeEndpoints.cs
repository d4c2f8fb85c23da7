using System.Globalization;
using Cartwheel.Server.Api;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Cartwheel.Streaming;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Realtime;

/// <summary>
/// <c>/api/v1/realtime/*</c>: summary, top products, funnel, time series, alerts, the whole dashboard update, and the
/// SSE stream of dashboard updates. Read APIs: open on loopback, else an API key (<see cref="ApiKeyFilter"/>).
/// Query values are bounded; a bad one is a 400 problem with code <c>api.invalid_argument</c>.
/// </summary>
internal static class RealtimeEndpoints
{
    private const int MaxTopN = 100;
    private const int MaxFilterLength = 64;
    private const int MaxWindowMinutes = 60;

    public static void MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/realtime").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/summary", (RealtimeReader reader) => Json(reader.Summary(), ServerJsonContext.Default.RealtimeSummary));
        api.MapGet("/top-products", (RealtimeReader reader, string? by, int? n) =>
        {
            var ranking = by?.ToLowerInvariant() switch
            {
                null or "views" => TopProductsBy.Views,
                "revenue" => TopProductsBy.Revenue,
                _ => throw Invalid("by is views or revenue."),
            };
            var count = n ?? 10;
            if (count is < 1 or > MaxTopN)
            {
                throw Invalid($"n is 1 to {MaxTopN}.");
            }

            return Json(new TopProductsResponse(ranking == TopProductsBy.Views ? "views" : "revenue", count, reader.Queries.TopProducts(ranking, count)),
                ServerJsonContext.Default.TopProductsResponse);
        });
        api.MapGet("/funnel", (RealtimeReader reader, string? device, string? country) =>
            Json(reader.Queries.Funnel(Filter(device, "device"), Filter(country, "country")), ServerJsonContext.Default.FunnelReport));
        api.MapGet("/timeseries", (RealtimeReader reader, string? metric, string? window) =>
        {
            var name = metric ?? RealtimeMetrics.Revenue;
            if (!RealtimeReader.SeriesMetrics.Contains(name))
            {
                throw Invalid("metric is one of " + string.Join(", ", RealtimeReader.SeriesMetrics.Order(StringComparer.Ordinal)) + ".");
            }

            var minutes = Window(window ?? "1m");
            return Json(new TimeSeriesResponse(name, minutes + "m", reader.TimeSeries(name, TimeSpan.FromMinutes(minutes))),
                ServerJsonContext.Default.TimeSeriesResponse);
        });
        api.MapGet("/alerts", (RealtimeReader reader) => Json(new AlertsResponse(reader.Queries.Alerts()), ServerJsonContext.Default.AlertsResponse));
        api.MapGet("/dashboard", (DashboardFeed feed) => Json(feed.Snapshot(), ServerJsonContext.Default.DashboardUpdate));
        api.MapGet("/stream", (DashboardFeed feed, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
        {
            if (!feed.TryAddSubscriber(options.Value.MaxStreams))
            {
                throw new HttpProblemException(StatusCodes.Status503ServiceUnavailable, "api.too_many_streams",
                    $"At most {options.Value.MaxStreams} dashboard streams at once; poll /api/v1/realtime/dashboard instead.");
            }

            return TypedResults.ServerSentEvents(feed.SubscribeAsync(cancellationToken));
        });
    }

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => Results.Json(value, type);

    private static string? Filter(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : value.Length > MaxFilterLength ? throw Invalid($"{name} is at most {MaxFilterLength} characters.")
        : value;

    /// <summary>"5m", "1h" or a number of minutes; 1 to 60 minutes.</summary>
    private static int Window(string text)
    {
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 'm';
        var digits = char.IsLetter(text[^1]) ? text[..^1] : text;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || unit is not ('m' or 'h'))
        {
            throw Invalid("window is whole minutes or hours, e.g. 1m, 5m, 1h.");
        }

        var minutes = unit == 'h' ? count * 60L : count;
        return minutes is >= 1 and <= MaxWindowMinutes ? (int)minutes : throw Invalid($"window is 1 to {MaxWindowMinutes} minutes.");
    }

    private static HttpProblemException Invalid(string message) => new(StatusCodes.Status400BadRequest, "api.invalid_argument", message);
}
