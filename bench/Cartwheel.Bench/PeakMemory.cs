namespace Cartwheel.Bench;

/// <summary>Reads the process's peak resident set size (VmHWM) from /proc.</summary>
internal static class PeakMemory
{
    public static long Bytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                return kb * 1024;
            }
        }

        return 0;
    }

    public static string Describe() => $"{Bytes() / (1024.0 * 1024.0):F0} MiB";
}
