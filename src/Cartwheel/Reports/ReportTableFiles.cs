namespace Cartwheel.Reports;

/// <summary>One table of a written report and which of its files exist (<c>&lt;Name&gt;.csv</c>, <c>&lt;Name&gt;.json</c>).</summary>
public sealed record ReportTableFiles(string Name, bool HasCsv, bool HasJson);
