using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// Times one pipeline run and its steps: wall and CPU per progress step (silver per kind, gold), and wall per gold
/// table (<see cref="PipelineRunner.GoldTimings"/>), printed after the run.
/// </summary>
internal sealed class StepClock : IProgress<RunProgress>
{
    private readonly List<(string Step, double Wall, double Cpu)> _steps = [];
    private readonly List<(string Table, double Wall, double Cpu)> _tables = [];
    private CpuClock _last = CpuClock.Start();
    private CpuClock _lastTable = CpuClock.Start();
    private string _step = "start";

    public void Report(RunProgress value)
    {
        var (wall, cpu) = _last.Elapsed();
        _steps.Add((_step, wall, cpu));
        _step = value.Step;
        _last = CpuClock.Start();
        _lastTable = _last;
    }

    /// <summary>A gold table's SQL ran: its wall time, and the CPU since the previous table (or the start of gold).</summary>
    public void Gold(string table, TimeSpan wall)
    {
        _tables.Add((table, wall.TotalSeconds, _lastTable.Elapsed().CpuSeconds));
        _lastTable = CpuClock.Start();
    }

    /// <summary>Runs and prints one measured run; <paramref name="rows"/> are the bronze rows it is charged with.</summary>
    public RunReport Measure(string name, long rows, Func<RunReport> run)
    {
        _steps.Clear();
        _tables.Clear();
        _step = "start";
        _last = CpuClock.Start();
        var clock = CpuClock.Start();
        var report = run();
        var (wall, cpu) = clock.Elapsed();
        Console.WriteLine($"run, {name}: wall {wall:F2} s = {rows / wall:N0} bronze rows/s; cpu {cpu:F2} s = {cpu * 1e6 / Math.Max(rows, 1):F2} cpu-µs/row; gold version {report.GoldVersion}");
        foreach (var (step, stepWall, stepCpu) in _steps.Where(s => s.Step != "start"))
        {
            Console.WriteLine($"  {step,-40} wall {stepWall,7:F2} s  cpu {stepCpu,7:F2} s");
        }

        foreach (var (table, tableWall, tableCpu) in _tables)
        {
            Console.WriteLine($"    gold {table,-34} wall {tableWall,7:F2} s  cpu {tableCpu,7:F2} s");
        }

        if (_steps.FirstOrDefault(s => s.Step == "gold") is { Step: not null } gold)
        {
            Console.WriteLine($"    gold {"(views, plan, swap, prune, counts)",-34} wall {gold.Wall - _tables.Sum(t => t.Wall),7:F2} s  cpu {gold.Cpu - _tables.Sum(t => t.Cpu),7:F2} s");
        }

        return report;
    }
}
