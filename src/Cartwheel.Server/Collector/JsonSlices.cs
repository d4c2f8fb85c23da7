using System.Text;
using System.Text.Json;
using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Collector;

/// <summary>
/// Splits a body into its records without parsing them whole, so a syntax error is blamed on the record it is in:
/// a JSON array of values or NDJSON (one value per non-blank line; the index counts records, not lines).
/// </summary>
internal static class JsonSlices
{
    /// <summary>The elements of the JSON array that starts at <paramref name="reader"/>'s current StartArray token.</summary>
    public static List<ReadOnlyMemory<byte>> ArrayElements(ReadOnlyMemory<byte> body, ref Utf8JsonReader reader)
    {
        var elements = new List<ReadOnlyMemory<byte>>();
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                elements.Add(body[start..(int)reader.BytesConsumed]);
            }
        }
        catch (JsonException ex)
        {
            throw HttpProblemException.BadEvent(elements.Count, "collector.invalid_json", "invalid JSON: " + ex.Message, ex);
        }

        return elements;
    }

    /// <summary>A top-level JSON array's elements, or NDJSON's lines.</summary>
    public static List<ReadOnlyMemory<byte>> Records(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var first = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && span[first] == (byte)'[')
        {
            var reader = new Utf8JsonReader(body.Span, isFinalBlock: true, state: default);
            try
            {
                reader.Read();
            }
            catch (JsonException ex)
            {
                throw HttpProblemException.BadEvent(0, "collector.invalid_json", "invalid JSON: " + ex.Message, ex);
            }

            var elements = ArrayElements(body, ref reader);
            EnsureEnd(ref reader);
            return elements;
        }

        var lines = new List<ReadOnlyMemory<byte>>();
        var rest = body;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.Read())
            {
                throw new JsonException("unexpected data after the array");
            }
        }
        catch (JsonException ex)
        {
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "collector.invalid_json", "invalid JSON after the batch: " + ex.Message, null, ex);
        }
    }

    public static string Preview(ReadOnlyMemory<byte> record) => Encoding.UTF8.GetString(record.Span[..Math.Min(record.Length, 80)]);
}
