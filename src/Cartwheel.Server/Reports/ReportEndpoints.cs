using Cartwheel.Reports;
using Cartwheel.Server.Api;
using Cartwheel.Server.Errors;
using Microsoft.Net.Http.Headers;

namespace Cartwheel.Server.Reports;

/// <summary>
/// <c>GET /api/v1/reports[?period=daily|weekly|monthly]</c>: the reports written under the data directory's
/// <c>reports/</c> (by <c>cartwheel report</c> or the daily DAG), by kind, newest period first; and
/// <c>GET /reports/{period}/{label}/{file}</c>: one of their files. Both are read APIs (open on loopback, else an API
/// key). Only a report file can be named (<see cref="ReportFiles.Resolve"/>): anything else is 404.
/// </summary>
internal static class ReportEndpoints
{
    // The page is self-contained (inline CSS and SVG, no script): the policy lets nothing else load or run.
    private const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports", (DataDirectory dataDirectory, string? period) =>
        {
            if (period is not null && !ReportPeriod.Kinds.Contains(period))
            {
                throw new HttpProblemException(StatusCodes.Status400BadRequest, "api.invalid_argument", "period is daily, weekly or monthly.");
            }

            return Results.Json((IReadOnlyList<ReportResponse>)[.. ReportFiles.List(dataDirectory).Where(e => period is null || e.Period.Kind == period).Select(Response)],
                ServerJsonContext.Default.IReadOnlyListReportResponse);
        }).AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/reports/{period}/{label}/{file}", (HttpContext context, DataDirectory dataDirectory, string period, string label, string file) =>
        {
            var path = ReportFiles.Resolve(dataDirectory, period, label, file)
                ?? throw new HttpProblemException(StatusCodes.Status404NotFound, ErrorCodes.ReportNotFound, "No such report file.");
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.CacheControl] = "no-cache";
            if (file == ReportFiles.Page)
            {
                headers[HeaderNames.ContentSecurityPolicy] = PagePolicy;
            }

            return Results.File(path, ContentType(file), lastModified: File.GetLastWriteTimeUtc(path));
        }).AddEndpointFilter<ApiKeyFilter>();
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    private static ReportResponse Response(ReportEntry entry)
    {
        var p = entry.Period;
        var folder = $"/reports/{p.Kind}/{p.Label}/";
        return new ReportResponse(p.Kind, p.Label, p.Start, p.End, entry.CreatedAt, folder + ReportFiles.Page,
            [.. entry.Tables.Select(t => new ReportTableResponse(t.Name, t.HasCsv ? folder + t.Name + ".csv" : null, t.HasJson ? folder + t.Name + ".json" : null))]);
    }
}
