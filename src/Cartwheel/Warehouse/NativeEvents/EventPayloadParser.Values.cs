using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>The VARCHAR text of one JSON value as DuckDB gives it (yyjson's unescaping and minified writing).</summary>
internal sealed partial class EventPayloadParser
{
    /// <summary>
    /// The value the reader is on, as <c>json_transform</c>'s VARCHAR: strings unescaped, true/false as written, null
    /// as NULL, numbers and nested JSON as yyjson writes them. False when that is not reproduced here.
    /// </summary>
    private bool Value(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int baseOffset, bool sourceIsScratch, out JsonTextSlot slot)
    {
        slot = JsonTextSlot.Null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped:
                slot = new JsonTextSlot(baseOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, sourceIsScratch);
                return true;
            case JsonTokenType.String:
                Ensure(reader.ValueSpan.Length);
                var length = reader.CopyString(_scratch.AsSpan(_scratchLength));
                if (_scratch.AsSpan(_scratchLength, length).Contains((byte)0))
                {
                    return false;
                }

                slot = new JsonTextSlot(_scratchLength, length, true);
                _scratchLength += length;
                return true;
            case JsonTokenType.True or JsonTokenType.False:
                slot = new JsonTextSlot(baseOffset + (int)reader.TokenStartIndex, reader.ValueSpan.Length, sourceIsScratch);
                return true;
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number:
                var start = _scratchLength;
                if (!AppendNumber(reader.ValueSpan))
                {
                    return false;
                }

                slot = new JsonTextSlot(start, _scratchLength - start, true);
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var from = (int)reader.TokenStartIndex;
                reader.Skip();
                var text = source[from..(int)reader.BytesConsumed];
                var at = _scratchLength;
                if (!Minify(text))
                {
                    return false;
                }

                slot = new JsonTextSlot(at, _scratchLength - at, true);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The members of the JSON object in <paramref name="json"/> (the payload, or event_details' text for
    /// json_extract_string's '$.key' paths) named in <paramref name="names"/>, as VARCHAR text. False for a
    /// non-object, escaped names and repeated wanted keys.
    /// </summary>
    private bool Members(ReadOnlySpan<byte> payload, JsonTextSlot json, byte[][] names, JsonTextSlot[] values)
    {
        if (CompactMembers(payload, json, names, values))
        {
            return true;
        }

        values.AsSpan().Fill(JsonTextSlot.Null);
        // The text stays readable even when the scratch buffer grows below (the old array lives on).
        var text = Text(json, payload);
        var reader = new Utf8JsonReader(text);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = 0;
        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var index = IndexOf(reader.ValueSpan, names, next);
            reader.Read();
            if (index < 0)
            {
                reader.Skip();
                continue;
            }

            if ((seen & (1 << index)) != 0 || !Value(ref reader, text, json.Offset, json.Scratch, out values[index]))
            {
                return false;
            }

            seen |= 1 << index;
            next = index + 1;
        }

        // Nothing but whitespace may follow the object.
        return !reader.Read();
    }

    /// <summary>cw_text: the value without surrounding spaces, NULL when empty. False for other surrounding whitespace.</summary>
    private bool Trimmed(ReadOnlySpan<byte> payload, JsonTextSlot slot, out JsonTextSlot trimmed)
    {
        trimmed = slot;
        if (slot.IsNull)
        {
            return true;
        }

        var text = Text(slot, payload);
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] == ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        if (start == end)
        {
            trimmed = JsonTextSlot.Null;
            return true;
        }

        var value = text[start..end];
        if (Unclear(value[0]) || Unclear(value[^1]))
        {
            if (Rune.DecodeFromUtf8(value, out var first, out _) != System.Buffers.OperationStatus.Done || Rune.IsWhiteSpace(first) || Rune.IsControl(first)
                || Rune.DecodeLastFromUtf8(value, out var last, out _) != System.Buffers.OperationStatus.Done || Rune.IsWhiteSpace(last) || Rune.IsControl(last))
            {
                return false;
            }
        }

        trimmed = new JsonTextSlot(slot.Offset + start, end - start, slot.Scratch);
        return true;

        static bool Unclear(byte b) => b < 0x21 || b >= 0x7F;
    }

    /// <summary>Appends nested JSON without whitespace; false when it holds escapes or numbers not written here as yyjson would.</summary>
    private bool Minify(ReadOnlySpan<byte> json)
    {
        Ensure(json.Length);
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            if (c == '"')
            {
                var close = json[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
                if (close < 0 || json[i + 1 + close] == '\\')
                {
                    return false;
                }

                Append(json.Slice(i, close + 2));
                i += close + 2;
            }
            else if (c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                i++;
            }
            else if (c == '-' || char.IsAsciiDigit((char)c))
            {
                var end = json[i..].IndexOfAny(" \t\r\n,]}"u8);
                var number = end < 0 ? json[i..] : json.Slice(i, end);
                if (!AppendNumber(number))
                {
                    return false;
                }

                i += number.Length;
            }
            else
            {
                Append(json.Slice(i, 1));
                i++;
            }
        }

        return true;
    }

    /// <summary>
    /// A JSON number as yyjson writes it back: integers of up to 18 digits as they are; decimals without exponent
    /// in [0.001, 1e15) as the shortest round-trip double, with ".0" when integral (20.00 → 20.0).
    /// </summary>
    private bool AppendNumber(ReadOnlySpan<byte> number)
    {
        var digits = number[0] == '-' ? number[1..] : number;
        if (digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            if (digits.Length is 0 or > 18 || number.SequenceEqual("-0"u8))
            {
                return false;
            }

            Append(number);
            return true;
        }

        if (number.IndexOfAny("eE"u8) >= 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var magnitude = Math.Abs(value);
        if (magnitude is < 0.001 or >= 1e15)
        {
            return false;
        }

        Span<byte> text = stackalloc byte[32];
        if (!value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture) || text[..written].IndexOfAny("eE"u8) >= 0)
        {
            return false;
        }

        Append(text[..written]);
        if (text[..written].IndexOf((byte)'.') < 0)
        {
            Append(".0"u8);
        }

        return true;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private void Ensure(int length)
    {
        if (_scratchLength + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + length));
        }
    }
}
