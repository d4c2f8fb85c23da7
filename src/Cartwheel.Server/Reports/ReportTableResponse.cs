namespace Cartwheel.Server.Reports;

/// <summary>A table of a report with the links to its files.</summary>
internal sealed record ReportTableResponse(string Name, string? Csv, string? Json);
