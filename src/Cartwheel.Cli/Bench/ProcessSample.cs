namespace Cartwheel.Cli.Bench;

/// <summary>One process at one moment, from /proc: resident memory now and at its peak (VmRSS, VmHWM) and CPU time used (user + sys).</summary>
internal sealed record ProcessSample(long RssBytes, long PeakRssBytes, double CpuSeconds)
{
    public static readonly ProcessSample None = new(0, 0, 0);

    /// <summary>The sample of process <paramref name="pid"/>, or null once it is gone.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line) * 1024;
                }
            }

            // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the ")" that ends the command name.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return new ProcessSample(rss, hwm, ticks / (double)ClockTicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>USER_HZ: 100 on Linux for every architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private static long Kilobytes(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
