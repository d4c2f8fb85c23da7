namespace Cartwheel.Reports;

/// <summary>Everything one report shows: its period, the gold version it read and its tables (KPIs first).</summary>
public sealed record ReportData(ReportPeriod Period, DateTimeOffset GeneratedAt, IReadOnlyList<ReportTable> Tables)
{
    public ReportTable Table(string name) => Tables.Single(t => t.Name == name);
}
