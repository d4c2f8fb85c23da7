using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Cartwheel.Cli.Output;

/// <summary>Prints <see cref="TabularResult"/>s as a Spectre table, RFC 4180 CSV or a JSON array of objects.</summary>
internal static class OutputWriter
{
    public static void Write(TabularResult result, OutputFormat format, TextWriter? writer = null)
    {
        writer ??= Console.Out;
        switch (format)
        {
            case OutputFormat.Csv:
                writer.WriteLine(string.Join(',', result.Columns.Select(Csv)));
                foreach (var row in result.Rows)
                {
                    writer.WriteLine(string.Join(',', row.Select(v => Csv(Text(v)))));
                }

                break;
            case OutputFormat.Json:
                writer.WriteLine(Json(result));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(result.Title)}[/]");
                foreach (var column in result.Columns)
                {
                    table.AddColumn(new TableColumn(Markup.Escape(column)));
                }

                foreach (var row in result.Rows)
                {
                    table.AddRow(row.Select(v => new Text(Text(v))).ToArray());
                }

                for (var i = 0; i < result.Columns.Count; i++)
                {
                    if (result.Rows.Count > 0 && result.Rows.All(r => r[i] is null or sbyte or byte or short or int or long or decimal or double or float or System.Numerics.BigInteger or ulong or uint))
                    {
                        table.Columns[i].RightAligned();
                    }
                }

                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
                if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected)
                {
                    // Not a terminal: nothing to fit, so never cut column names or values.
                    console.Profile.Width = 240;
                }

                console.Write(table);
                break;
        }
    }

    /// <summary>Renders a value as invariant text (dates in ISO 8601, decimals as written).</summary>
    public static string Text(object? value) => value switch
    {
        null or DBNull => string.Empty,
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero && dt.Kind == DateTimeKind.Unspecified ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        // LIST, STRUCT, MAP as compact JSON and BLOB as base64, as the query API writes them.
        System.Collections.IEnumerable or Stream => Server.Query.QueryValues.Text(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Json(TabularResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in result.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    json.WritePropertyName(result.Columns[i]);
                    WriteJsonValue(json, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

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
