namespace Cartwheel.Cli.Bench;

/// <summary>Latency percentiles, maximum and mean in milliseconds (see <see cref="LatencyHistogram.Percentile"/>).</summary>
internal sealed record LatencyQuantiles(double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs);
