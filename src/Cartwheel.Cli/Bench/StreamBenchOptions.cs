namespace Cartwheel.Cli.Bench;

/// <summary>The settings of one <c>bench stream</c> run (see <c>cartwheel bench stream --help</c>).</summary>
internal sealed record StreamBenchOptions(
    DataDirectory DataDirectory,
    string OutputDirectory,
    TimeSpan Duration,
    int Rate,
    int Connections,
    int BatchSize,
    int EventBytes,
    int Seed,
    string CommandLine,
    bool FreshSessions = true);
