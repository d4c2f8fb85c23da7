using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cartwheel.Reports;

/// <summary>
/// A table as RFC 4180 CSV or a JSON array of objects (decimals written exactly as stored, dates ISO 8601): the one
/// format of report files and of the CLI's <c>--format csv|json</c>.
/// </summary>
internal static class TabularText
{
    public static void WriteCsv(TextWriter writer, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        writer.WriteLine(string.Join(',', columns.Select(Csv)));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', row.Select(v => Csv(Text(v)))));
        }
    }

    public static string Json(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    json.WritePropertyName(columns[i]);
                    WriteJsonValue(json, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Renders a value as invariant text (dates in ISO 8601, decimals as written).</summary>
    public static string Text(object? value) => value switch
    {
        null or DBNull => string.Empty,
        // DuckDB.NET gives DATE as DateOnly and TIMESTAMP[TZ] as DateTime (UTC here): a timestamp at midnight is
        // still a timestamp, printed as one (as the query API writes it).
        DateTime or DateTimeOffset or DateOnly => Warehouse.QueryValues.Text(value),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        // LIST, STRUCT, MAP as compact JSON and BLOB as base64, as the query API writes them.
        System.Collections.IEnumerable and not string or Stream => Warehouse.QueryValues.Text(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case decimal m: json.WriteNumberValue(m); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }
}
