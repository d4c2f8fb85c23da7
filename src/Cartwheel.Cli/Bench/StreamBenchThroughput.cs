namespace Cartwheel.Cli.Bench;

/// <summary>
/// Acknowledged Segment messages per second over the load phase (<see cref="MessagesPerSecond"/>) and over the steady part
/// after the warm-up seconds (<see cref="SteadyMessagesPerSecond"/>), with the raw counts.
/// </summary>
internal sealed record StreamBenchThroughput(
    long AckedMessages, long AckedClickEvents, long AckedRequests, long RejectedRequests, long FailedRequests,
    double LoadSeconds, double MessagesPerSecond, int WarmupSeconds, double SteadyMessagesPerSecond);
