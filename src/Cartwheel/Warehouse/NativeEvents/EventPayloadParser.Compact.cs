using System.Buffers;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// The fast path of <see cref="Members"/> for compact JSON (what writers such as the simulator, Segment and
/// System.Text.Json produce): no whitespace, no escapes, numbers without exponent. It scans the object once with span
/// searches instead of <see cref="System.Text.Json.Utf8JsonReader"/>, and a nested object or array that is already in
/// yyjson's minified form (every number printed as yyjson prints it) becomes a slice of the input instead of a
/// re-rendered copy — for the ~1 KB <c>properties</c> the copy was the biggest part of parsing. Anything outside that
/// subset, even valid JSON, makes it return false, and the general reader decides: the fast path only ever answers
/// where the general one would answer the same.
/// </summary>
internal sealed partial class EventPayloadParser
{
    /// <summary>Nesting the fast path follows (the general reader allows 64).</summary>
    private const int CompactDepth = 32;

    /// <summary>Where a string without escapes ends, or what the fast path does not take (escape, control character).</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    /// <summary>Whether the general path alone parses (tests compare both paths on the same records).</summary>
    internal bool CompactPath { get; init; } = true;

    /// <summary><see cref="Members"/> for compact input; false when the input is outside the subset (the general reader then parses it).</summary>
    private bool CompactMembers(ReadOnlySpan<byte> payload, JsonTextSlot json, byte[][] names, JsonTextSlot[] values)
    {
        if (!CompactPath)
        {
            return false;
        }

        values.AsSpan().Fill(JsonTextSlot.Null);
        var text = Text(json, payload);
        if (text.Length < 2 || text[0] != '{')
        {
            return false;
        }

        var i = 1;
        if (text[i] == '}')
        {
            return text.Length == 2;
        }

        var seen = 0;
        var next = 0;
        while (true)
        {
            // Writers keep their key order: the expected name, when it is there, needs no search for the string's end.
            int index, nameEnd;
            if (At(text, i) == '"' && next < names.Length && text[(i + 1)..].StartsWith(names[next]) && At(text, i + 1 + names[next].Length) == '"')
            {
                (index, nameEnd) = (next, i + 1 + names[next].Length);
            }
            else
            {
                nameEnd = StringEnd(text, i);
                index = nameEnd < 0 ? -1 : IndexOf(text[(i + 1)..nameEnd], names, next);
            }

            if (nameEnd < 0 || At(text, nameEnd + 1) != ':')
            {
                return false;
            }

            i = nameEnd + 2;
            var start = i;
            if (!CompactValue(text, ref i, canonical: index >= 0, depth: 1))
            {
                return false;
            }

            if (index >= 0)
            {
                if ((seen & (1 << index)) != 0)
                {
                    return false;
                }

                values[index] = CompactSlot(text, start, i, json);
                seen |= 1 << index;
                next = index + 1;
            }

            switch (At(text, i))
            {
                case (byte)',':
                    i++;
                    continue;
                case (byte)'}':
                    return i + 1 == text.Length;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The slot of a member's value [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="text"/>, as
    /// <see cref="Value"/> gives it: a string's content, NULL, or the value as written — literals, and numbers and
    /// nested JSON that <see cref="CompactValue"/> found canonical, so printing or minifying them would copy them unchanged.
    /// </summary>
    private static JsonTextSlot CompactSlot(ReadOnlySpan<byte> text, int start, int end, JsonTextSlot json) => text[start] switch
    {
        (byte)'"' => new JsonTextSlot(json.Offset + start + 1, end - start - 2, json.Scratch),
        (byte)'n' => JsonTextSlot.Null,
        _ => new JsonTextSlot(json.Offset + start, end - start, json.Scratch),
    };

    /// <summary>
    /// Moves past one compact JSON value; false when it is not one (or not one the fast path takes). With
    /// <paramref name="canonical"/>, numbers must also be printed as yyjson prints them.
    /// </summary>
    private bool CompactValue(ReadOnlySpan<byte> json, ref int i, bool canonical, int depth)
    {
        switch (At(json, i))
        {
            case (byte)'"':
                var end = StringEnd(json, i);
                i = end + 1;
                return end >= 0;
            case (byte)'{' or (byte)'[' when depth >= CompactDepth:
                return false;
            case (byte)'{':
                return CompactContainer(json, ref i, (byte)'}', members: true, canonical, depth);
            case (byte)'[':
                return CompactContainer(json, ref i, (byte)']', members: false, canonical, depth);
            case (byte)'t':
                return Literal(json, ref i, "true"u8);
            case (byte)'f':
                return Literal(json, ref i, "false"u8);
            case (byte)'n':
                return Literal(json, ref i, "null"u8);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                var start = i;
                return Number(json, ref i) && (!canonical || IsCanonicalNumber(json[start..i]));
            default:
                return false;
        }
    }

    private bool CompactContainer(ReadOnlySpan<byte> json, ref int i, byte close, bool members, bool canonical, int depth)
    {
        i++;
        if (At(json, i) == close)
        {
            i++;
            return true;
        }

        while (true)
        {
            if (members)
            {
                var nameEnd = StringEnd(json, i);
                if (nameEnd < 0 || At(json, nameEnd + 1) != ':')
                {
                    return false;
                }

                i = nameEnd + 2;
            }

            if (!CompactValue(json, ref i, canonical, depth + 1))
            {
                return false;
            }

            var c = At(json, i++);
            if (c == close)
            {
                return true;
            }

            if (c != ',')
            {
                return false;
            }
        }
    }

    /// <summary>Whether yyjson would print the number as it is written (checked by printing it as <see cref="AppendNumber"/> does).</summary>
    private bool IsCanonicalNumber(ReadOnlySpan<byte> number)
    {
        if (IsShortDecimal(number))
        {
            return true;
        }

        var at = _scratchLength;
        var same = AppendNumber(number) && _scratch.AsSpan(at, _scratchLength - at).SequenceEqual(number);
        _scratchLength = at;
        return same;
    }

    /// <summary>
    /// A number <see cref="Number"/> accepted that <see cref="AppendNumber"/> prints unchanged, known without printing it
    /// (prices and the like): 1–6 integer digits, 1–6 fraction digits not ending in 0, at least 0.1. A decimal of at most 15
    /// significant digits is the shortest text of the double nearest to it (no shorter decimal maps to that double), so the
    /// round-trip format gives it back as written, and at least 0.1 and below 10⁶ it is printed without exponent.
    /// </summary>
    private static bool IsShortDecimal(ReadOnlySpan<byte> number)
    {
        var digits = number[0] == '-' ? number[1..] : number;
        var point = digits.IndexOf((byte)'.');
        if (point is < 1 or > 6 || digits.Length - point - 1 is < 1 or > 6 || digits[^1] == '0')
        {
            return false;
        }

        return digits[0] != '0' || digits[2] != '0';
    }

    /// <summary>The index of the closing quote of the string opening at <paramref name="i"/>; −1 for no string, escapes or control characters.</summary>
    private static int StringEnd(ReadOnlySpan<byte> json, int i)
    {
        if (At(json, i) != '"')
        {
            return -1;
        }

        var stop = json[(i + 1)..].IndexOfAny(StringStops);
        return stop >= 0 && json[i + 1 + stop] == '"' ? i + 1 + stop : -1;
    }

    /// <summary>A JSON number without exponent: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>; what follows is the caller's to check.</summary>
    private static bool Number(ReadOnlySpan<byte> json, ref int i)
    {
        if (At(json, i) == '-')
        {
            i++;
        }

        var first = At(json, i);
        if (first == '0')
        {
            i++;
        }
        else if (!Digits(json, ref i))
        {
            return false;
        }

        if (At(json, i) == '.')
        {
            i++;
            if (!Digits(json, ref i))
            {
                return false;
            }
        }

        return At(json, i) is not ((byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9'));

        static bool Digits(ReadOnlySpan<byte> json, ref int i)
        {
            var start = i;
            while (At(json, i) is >= (byte)'0' and <= (byte)'9')
            {
                i++;
            }

            return i > start;
        }
    }

    private static bool Literal(ReadOnlySpan<byte> json, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!json[i..].StartsWith(literal))
        {
            return false;
        }

        i += literal.Length;
        return true;
    }

    /// <summary>The byte at <paramref name="i"/>, or 0 past the end (0 is never valid where it is looked at).</summary>
    private static byte At(ReadOnlySpan<byte> json, int i) => (uint)i < (uint)json.Length ? json[i] : (byte)0;
}
