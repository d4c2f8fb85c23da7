namespace Cartwheel.Cli.Bench;

/// <summary>
/// One second of <c>bench stream</c> as plotted and stored: the generator's numbers (<see cref="LoadSecond"/>) with
/// the resident memory and CPU use (percent of one core) of the server and of the generator at the end of that second.
/// </summary>
internal sealed record BenchSecond(
    int Second,
    string Phase,
    long EventsPerSecond,
    long RejectedRequests,
    double AckP50Ms,
    double AckP99Ms,
    double VisibleP50Ms,
    double VisibleP99Ms,
    double DashboardP99Ms,
    long LogLag,
    double ServerRssMib,
    double ServerCpuPercent,
    double GeneratorRssMib,
    double GeneratorCpuPercent);
