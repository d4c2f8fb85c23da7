namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// DuckDB's <c>TRY_CAST(text AS TIMESTAMPTZ)</c> (session time zone UTC) for the forms Cartwheel meets:
/// <c>YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z|±HH:MM]</c>. Text that is surely no timestamp (no digit, or an impossible
/// date in that form) is null; any other form is <see cref="TimestampParse.Unusual"/> and left to DuckDB.
/// </summary>
internal static class TimestampText
{
    private const long MicrosPerSecond = 1_000_000;
    private static readonly long EpochDays = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static TimestampParse Parse(ReadOnlySpan<byte> s, out long micros)
    {
        micros = 0;
        if (s.IndexOfAnyInRange((byte)'0', (byte)'9') < 0)
        {
            // DuckDB knows a few words ('infinity', 'epoch', …): those are not decided here.
            var lower = System.Text.Encoding.UTF8.GetString(s).ToLowerInvariant();
            return lower.Contains("inf", StringComparison.Ordinal) || lower.Contains("epoch", StringComparison.Ordinal) || lower.Contains("now", StringComparison.Ordinal)
                ? TimestampParse.Unusual : TimestampParse.Null;
        }

        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] is not ((byte)'T' or (byte)' ') || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second) || year == 0)
        {
            return TimestampParse.Unusual;
        }

        var at = 19;
        long fraction = 0;
        if (at < s.Length && s[at] == '.')
        {
            var digits = 0;
            at++;
            while (at < s.Length && char.IsAsciiDigit((char)s[at]))
            {
                fraction = (fraction * 10) + (s[at++] - '0');
                digits++;
            }

            if (digits is 0 or > 6)
            {
                return TimestampParse.Unusual;
            }

            for (; digits < 6; digits++)
            {
                fraction *= 10;
            }
        }

        var offsetSeconds = 0;
        if (at < s.Length && s[at] == 'Z')
        {
            at++;
        }
        else if (at < s.Length && s[at] is (byte)'+' or (byte)'-')
        {
            if (at + 6 != s.Length || s[at + 3] != ':' || !Digits(s, at + 1, 2, out var offsetHours) || !Digits(s, at + 4, 2, out var offsetMinutes)
                || offsetHours > 23 || offsetMinutes > 59)
            {
                return TimestampParse.Unusual;
            }

            offsetSeconds = (s[at] == '-' ? -1 : 1) * ((offsetHours * 3600) + (offsetMinutes * 60));
            at += 6;
        }

        if (at != s.Length)
        {
            return TimestampParse.Unusual;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return TimestampParse.Null;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return TimestampParse.Unusual;
        }

        var days = new DateOnly(year, month, day).DayNumber - EpochDays;
        micros = ((((days * 86_400) + (hour * 3600) + (minute * 60) + second - offsetSeconds)) * MicrosPerSecond) + fraction;
        return TimestampParse.Value;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        for (var i = at; i < at + count; i++)
        {
            if (!char.IsAsciiDigit((char)s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
