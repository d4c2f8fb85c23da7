using System.Globalization;

namespace Cartwheel.Warehouse;

/// <summary>
/// The DuckDB resource limits of the warehouse connection: <c>memory_limit</c> a quarter of the machine's memory,
/// clamped to 1–8 GiB (DuckDB's default, 80 % of RAM, let a 10M-event day's gold build reach 11 GB RSS beside the
/// other processes), and <c>threads</c> the processor count. The environment overrides them:
/// <c>CARTWHEEL_DUCKDB_MEMORY_LIMIT</c> (a DuckDB size, e.g. <c>4GiB</c>) and <c>CARTWHEEL_DUCKDB_THREADS</c>.
/// </summary>
internal static class DuckDbLimits
{
    public const string MemoryVariable = "CARTWHEEL_DUCKDB_MEMORY_LIMIT";
    public const string ThreadsVariable = "CARTWHEEL_DUCKDB_THREADS";

    private const long GiB = 1L << 30;

    /// <summary>The <c>SET</c> statements for a connection, from the environment or the defaults.</summary>
    public static string Statements() => Statements(Environment.GetEnvironmentVariable(MemoryVariable),
        Environment.GetEnvironmentVariable(ThreadsVariable), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, Environment.ProcessorCount);

    internal static string Statements(string? memory, string? threads, long totalMemory, int processors)
    {
        var limit = string.IsNullOrWhiteSpace(memory) ? DefaultMemory(totalMemory) : memory.Trim();
        var threadCount = processors;
        if (!string.IsNullOrWhiteSpace(threads) && (!int.TryParse(threads, NumberStyles.None, CultureInfo.InvariantCulture, out threadCount) || threadCount < 1))
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"{ThreadsVariable} must be a positive whole number, not '{threads}'.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = {Warehouse.Literal(limit)}; SET threads = {threadCount};");
    }

    /// <summary>A quarter of <paramref name="totalMemory"/>, clamped to 1–8 GiB, in MiB.</summary>
    internal static string DefaultMemory(long totalMemory) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(totalMemory / 4, GiB, 8 * GiB) / (1L << 20)}MiB");
}
