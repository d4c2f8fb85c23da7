namespace Cartwheel.Simulation.Formats;

/// <summary>Fast UTF-8 formatting of <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (the contract's time form) for the hot event path.</summary>
internal static class Timestamps
{
    public const int Length = 24;

    public static void Format(DateTimeOffset value, Span<byte> output)
    {
        var time = value.UtcDateTime;
        Digits(output, 0, time.Year, 4);
        output[4] = (byte)'-';
        Digits(output, 5, time.Month, 2);
        output[7] = (byte)'-';
        Digits(output, 8, time.Day, 2);
        output[10] = (byte)'T';
        Digits(output, 11, time.Hour, 2);
        output[13] = (byte)':';
        Digits(output, 14, time.Minute, 2);
        output[16] = (byte)':';
        Digits(output, 17, time.Second, 2);
        output[19] = (byte)'.';
        Digits(output, 20, time.Millisecond, 3);
        output[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> output, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            output[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
