namespace Cartwheel.Cli.Bench;

/// <summary>The result file of <c>bench stream</c> (<c>result.json</c>): settings, machine, totals, latencies, memory, CPU, the consistency check and every second.</summary>
internal sealed record StreamBenchResult(
    DateTimeOffset StartedAt,
    string Command,
    BenchMachine Machine,
    StreamBenchSettings Settings,
    StreamBenchThroughput Throughput,
    LatencyQuantiles Ack,
    LatencyQuantiles Visible,
    LatencyQuantiles Dashboard,
    ServerLatency ServerEventToAggregate,
    StreamBenchResources Resources,
    StreamBenchConsistency Consistency,
    IReadOnlyList<BenchTarget> Targets,
    IReadOnlyList<BenchSecond> Seconds);
