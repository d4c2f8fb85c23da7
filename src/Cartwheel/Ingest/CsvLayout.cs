namespace Cartwheel.Ingest;

/// <summary>One accepted CSV header of a kind (native or seed004) and the column that places a row in time.</summary>
internal sealed record CsvLayout(string Name, IReadOnlyList<string> Columns, string TimeColumn)
{
    public string Header => string.Join(',', Columns);
}
