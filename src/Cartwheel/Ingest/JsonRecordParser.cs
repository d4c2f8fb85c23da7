using System.Text;
using System.Text.Json;

namespace Cartwheel.Ingest;

/// <summary>
/// Checks that a JSONL line (valid UTF-8) is exactly one well-formed JSON object and extracts its
/// business key and placing time from the top-level properties, without materialising the document.
/// </summary>
internal sealed class JsonRecordParser
{
    private readonly byte[] _idName;
    private readonly byte[][] _timeNames;
    private readonly KindSpec _spec;
    private readonly RecordOutcome _missingTime;

    public JsonRecordParser(KindSpec spec)
    {
        _spec = spec;
        _idName = Encoding.UTF8.GetBytes(spec.IdField);
        _timeNames = spec.TimeFields.Select(Encoding.UTF8.GetBytes).ToArray();
        _missingTime = RecordOutcome.Reject(QuarantineReasons.MissingEventTime, $"no {string.Join(" or ", spec.TimeFields)}");
    }

    public RecordOutcome Parse(ReadOnlySpan<byte> line)
    {
        var none = default(NoFields);
        return Parse(line, idAsRange: false, out _, ref none);
    }

    /// <summary>
    /// Like <see cref="Parse(ReadOnlySpan{byte})"/>, but when the key is an unescaped string or a number its bytes
    /// are returned as <paramref name="idRange"/> in <paramref name="line"/> (no string is made; the outcome's
    /// RecordId is then null); otherwise <paramref name="idRange"/> is null and RecordId is as usual.
    /// </summary>
    public RecordOutcome Parse(ReadOnlySpan<byte> line, out Range? idRange)
    {
        var none = default(NoFields);
        return Parse(line, idAsRange: true, out idRange, ref none);
    }

    /// <summary>Like <see cref="Parse(ReadOnlySpan{byte}, out Range?)"/>, also handing the other top-level properties to <paramref name="fields"/> in the same pass.</summary>
    public RecordOutcome Parse<TFields>(ReadOnlySpan<byte> line, out Range? idRange, ref TFields fields)
        where TFields : struct, ITopLevelFields => Parse(line, idAsRange: true, out idRange, ref fields);

    private RecordOutcome Parse<TFields>(ReadOnlySpan<byte> line, bool idAsRange, out Range? idRange, ref TFields fields)
        where TFields : struct, ITopLevelFields
    {
        idRange = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        string? recordId = null;
        var bestTime = int.MaxValue;
        var timeOutcome = _missingTime;
        try
        {
            if (!reader.Read())
            {
                return RecordOutcome.Reject(QuarantineReasons.InvalidJson, "no JSON value");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var token = reader.TokenType;
                reader.Skip();
                while (reader.Read())
                {
                    // A second value after the first makes the line invalid JSON (the reader throws).
                }

                return RecordOutcome.Reject(QuarantineReasons.NotAnObject, $"the line is a JSON {Describe(token)}, not an object");
            }

            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals(_idName))
                {
                    reader.Read();
                    if (idAsRange && reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped)
                    {
                        // TokenStartIndex is the opening quote of a string; ValueSpan excludes the quotes.
                        var start = (int)reader.TokenStartIndex + (reader.TokenType == JsonTokenType.String ? 1 : 0);
                        idRange = new Range(start, start + reader.ValueSpan.Length);
                        recordId = null;
                        continue;
                    }

                    idRange = null;
                    recordId = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    continue;
                }

                var time = false;
                for (var i = 0; i < _timeNames.Length && i < bestTime; i++)
                {
                    if (reader.ValueTextEquals(_timeNames[i]))
                    {
                        time = true;
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.Null)
                        {
                            bestTime = i;
                            timeOutcome = ReadTime(ref reader, _spec.TimeFields[i]);
                        }

                        break;
                    }
                }

                if (!time)
                {
                    fields.TryRead(ref reader);
                }
            }
        }
        catch (JsonException ex)
        {
            return RecordOutcome.Reject(QuarantineReasons.InvalidJson, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // GetString of an escape that is no valid UTF-16 ("\ud800" alone): the record could never be read as text.
            return RecordOutcome.Reject(QuarantineReasons.InvalidJson, ex.Message);
        }

        return timeOutcome.Accepted ? RecordOutcome.Accept(recordId, timeOutcome.EventTime) : timeOutcome;
    }

    private static RecordOutcome ReadTime(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return RecordOutcome.Reject(QuarantineReasons.InvalidEventTime, $"{field} is a JSON {Describe(reader.TokenType)}, not a timestamp string");
        }

        if (reader.ValueSpan.IsEmpty)
        {
            return RecordOutcome.Reject(QuarantineReasons.MissingEventTime, $"{field} is empty");
        }

        var parsed = reader.ValueIsEscaped ? EventTime.TryParse(reader.GetString(), out var time) : EventTime.TryParse(reader.ValueSpan, out time);
        return parsed
            ? RecordOutcome.Accept(null, time)
            : RecordOutcome.Reject(QuarantineReasons.InvalidEventTime, $"{field} '{Truncate(reader.GetString())}' is not an ISO 8601 timestamp or YYYY-MM-DD date");
    }

    private static string Truncate(string? text) => text is { Length: > 64 } ? text[..64] + "…" : text ?? string.Empty;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private struct NoFields : ITopLevelFields
    {
        public readonly bool TryRead(ref Utf8JsonReader reader) => false;
    }
}
