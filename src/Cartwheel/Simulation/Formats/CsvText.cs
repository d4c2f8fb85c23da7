namespace Cartwheel.Simulation.Formats;

/// <summary>RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
internal static class CsvText
{
    public static string Join(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
