namespace Cartwheel.Cli.Bench;

/// <summary>Where it ran: cores, CPU model, and the 1-minute load average at the start and at the end (the machine may be shared).</summary>
internal sealed record BenchMachine(int Cores, string CpuModel, string LoadAverageStart, string LoadAverageEnd);
