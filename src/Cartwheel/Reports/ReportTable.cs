namespace Cartwheel.Reports;

/// <summary>One table of a report: its file name (<c>&lt;Name&gt;.csv</c> / <c>.json</c>), title, columns and rows.</summary>
public sealed record ReportTable(string Name, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>The values of one column, by name.</summary>
    public IEnumerable<object?> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        return Rows.Select(r => r[index]);
    }
}
