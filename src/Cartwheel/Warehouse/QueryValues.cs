using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Cartwheel.Warehouse;

/// <summary>
/// How one DuckDB value is written in the query API's answers: numbers exact (decimals with all their digits), timestamps
/// ISO 8601 in UTC with a <c>Z</c>, dates <c>yyyy-MM-dd</c>, BLOBs base64, LIST/STRUCT/MAP as JSON.
/// </summary>
public static class QueryValues
{
    /// <summary>Timestamps: DuckDB hands them over in UTC (the warehouse runs with <c>TimeZone = 'UTC'</c>).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case decimal m: json.WriteNumberValue(m); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case string s: json.WriteStringValue(s); break;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    json.WritePropertyName(Text(entry.Key));
                    WriteJson(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case IEnumerable items when value is not Stream:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }

    /// <summary>A value as text (CSV cells, Arrow utf8 columns): the JSON forms above without quotes; null as empty.</summary>
    public static string Text(object? value) => value switch
    {
        null or DBNull => string.Empty,
        string s => s,
        DateTime dt => dt.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Stream stream => Base64(stream),
        IDictionary or IEnumerable => JsonText(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A nested value (LIST, STRUCT, MAP) as compact JSON.</summary>
    public static string JsonText(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJson(json, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Base64(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Convert.ToBase64String(copy.ToArray());
    }
}
