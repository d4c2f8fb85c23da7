namespace Cartwheel.Cli.Bench;

/// <summary>
/// The load generator's whole run (its last JSON line): seconds of sending, messages, click events and requests
/// acknowledged, refused (429) and failed requests, ack latency, and event→visible latency through the summary API
/// and the dashboard stream with the click events never seen there, the generator's CPU time and the mean size of a message.
/// </summary>
internal sealed record LoadTotals(
    double LoadSeconds,
    long AckedMessages,
    long AckedClickEvents,
    long AckedRequests,
    long RejectedRequests,
    long FailedRequests,
    LatencyQuantiles Ack,
    long VisibleEvents,
    long UnseenEvents,
    LatencyQuantiles Visible,
    long DashboardEvents,
    long DashboardUnseenEvents,
    LatencyQuantiles Dashboard,
    double CpuSeconds,
    double MeanMessageBytes);
