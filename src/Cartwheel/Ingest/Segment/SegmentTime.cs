namespace Cartwheel.Ingest.Segment;

/// <summary>
/// The one time format SDKs send, read from its bytes: <c>yyyy-MM-ddTHH:mm:ss[.f…f]</c> then <c>Z</c> or <c>±hh:mm</c>.
/// Whatever it accepts, <c>DateTimeOffset.TryParse</c> (invariant culture, assume and adjust to universal) reads as the
/// same instant (SegmentTimeTests); whatever it declines goes to that parse, so it changes speed, not meaning.
/// </summary>
internal static class SegmentTime
{
    public static bool TryParseIso(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Number(text[..4], out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day)
            || !Number(text.Slice(11, 2), out var hour) || !Number(text.Slice(14, 2), out var minute) || !Number(text.Slice(17, 2), out var second))
        {
            return false;
        }

        // Years at the ends of DateTime's range could leave it once the offset is applied: the slow path decides.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            var digits = 0;
            at++;
            while (at < text.Length && text[at] is >= (byte)'0' and <= (byte)'9')
            {
                if (++digits > 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (text[at++] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (var d = digits; d < 7; d++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset;
        var zone = text[at..];
        if (zone.Length == 1 && zone[0] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is (byte)'+' or (byte)'-' && zone[3] == ':' && Number(zone.Slice(1, 2), out var offsetHours)
            && Number(zone.Slice(4, 2), out var offsetMinutes) && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = zone[0] == '-' ? -offset : offset;
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        time = new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
