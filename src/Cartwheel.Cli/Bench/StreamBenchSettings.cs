namespace Cartwheel.Cli.Bench;

internal sealed record StreamBenchSettings(double DurationSeconds, int Rate, int Connections, int BatchSize, int EventBytes, double MeanMessageBytes, bool FreshSessions = true);
