namespace Cartwheel.Server.Reports;

/// <summary>
/// One generated report in <c>GET /api/v1/reports</c>: period kind, label, first and last day, when its page was written,
/// and links to the page and to each table's CSV and JSON (null when that file is missing).
/// </summary>
internal sealed record ReportResponse(string Period, string Label, DateOnly Start, DateOnly End, DateTimeOffset CreatedAt, string Url,
    IReadOnlyList<ReportTableResponse> Tables);
