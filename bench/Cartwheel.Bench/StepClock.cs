using Cartwheel.Warehouse;

namespace Cartwheel.Bench;

/// <summary>
/// Times one pipeline run and its steps: wall and CPU per progress step (silver per kind, gold), and wall per gold
/// table (<see cref="PipelineRunner.GoldTimings"/>), printed after the run.
/// </summary>
internal sealed class StepClock : IProgress<RunProgress>
{
    private readonly List<(string Step, double Wall, double Cpu)> _steps = [];
    private readonly List<(string Table, double Wall)> _tables = [];
    private CpuClock _last = CpuClock.Start();
    private string _step = "start";

    public void Report(RunProgress value)
    {
        var (wall, cpu) = _last.Elapsed();
        _steps.Add((_step, wall, cpu));
        _step = value.Step;
        _last = CpuClock.Start();
    }

    public void Gold(string table, TimeSpan wall) => _tables.Add((table, wall.TotalSeconds));

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

        foreach (var (table, tableWall) in _tables)
        {
            Console.WriteLine($"    gold {table,-34} wall {tableWall,7:F2} s");
        }

        return report;
    }
}
