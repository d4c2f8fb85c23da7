namespace Cartwheel.Cli.Bench;

internal sealed record StreamBenchResources(
    double ServerPeakRssMib, double GeneratorPeakRssMib, double ServerCpuSeconds, double GeneratorCpuSeconds,
    double ServerCpuMicrosPerEvent, double GeneratorCpuMicrosPerEvent, double TotalCpuMicrosPerEvent);
