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
}
