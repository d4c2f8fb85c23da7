namespace Cartwheel.Reports;

/// <summary>
/// A report written under <c>reports/&lt;kind&gt;/&lt;label&gt;/</c>: its period, when its page was written (UTC) and
/// the names of its tables (each a <c>.csv</c> and/or <c>.json</c> file next to <c>index.html</c>), sorted.
/// </summary>
public sealed record ReportEntry(ReportPeriod Period, DateTimeOffset CreatedAt, IReadOnlyList<ReportTableFiles> Tables);
