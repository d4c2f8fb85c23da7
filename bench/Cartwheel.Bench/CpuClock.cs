using System.Diagnostics;

namespace Cartwheel.Bench;

/// <summary>
/// Wall and CPU time (user + sys of the whole process, DuckDB's threads included) of one measured step. The
/// machine is shared, so wall time depends on the neighbours; CPU time per event does not, much.
/// </summary>
internal readonly record struct CpuClock(long WallTicks, TimeSpan Cpu)
{
    public static CpuClock Start() => new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);

    public (double WallSeconds, double CpuSeconds) Elapsed() =>
        (Stopwatch.GetElapsedTime(WallTicks).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds);

    /// <summary>The system load average over the last minute (/proc/loadavg), for the record.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";
}
