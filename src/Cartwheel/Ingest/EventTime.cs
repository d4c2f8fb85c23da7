using System.Globalization;
using System.Text;

namespace Cartwheel.Ingest;

/// <summary>
/// Parses the placing time of a record: ISO 8601 with <c>Z</c> or an offset (no offset means UTC), or a
/// plain <c>YYYY-MM-DD</c> date (00:00 UTC). Anything else is not a timestamp.
/// </summary>
internal static class EventTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses UTF-8 text; the result is UTC.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        if (TryParseUtcMillis(utf8, out utc))
        {
            return true;
        }

        if (utf8.Length is 0 or > 64)
        {
            utc = default;
            return false;
        }

        Span<char> chars = stackalloc char[64];
        if (!Encoding.UTF8.TryGetChars(utf8, chars, out var written))
        {
            utc = default;
            return false;
        }

        return TryParse(chars[..written], out utc);
    }

    /// <summary>Parses text; the result is UTC.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            utc = value.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }

    /// <summary>
    /// The fast path for the one shape nearly every record has (the simulator's and most producers'):
    /// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, 24 bytes, read digit by digit. False for anything else, which then goes
    /// to the general parser; so this may only accept what that parser accepts, with the same value.
    /// </summary>
    internal static bool TryParseUtcMillis(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second) ||
            !Digits(s, 20, 3, out var millisecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        foreach (var b in s.Slice(start, count))
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = value * 10 + digit;
        }

        return true;
    }
}
