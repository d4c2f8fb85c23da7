namespace Cartwheel.Cli.Bench;

internal sealed record BenchTarget(string Name, string Target, double Measured, bool Met);
