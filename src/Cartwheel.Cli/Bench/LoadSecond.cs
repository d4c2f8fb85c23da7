namespace Cartwheel.Cli.Bench;

/// <summary>
/// One second of the load generator (a JSON line on its stdout): Segment messages and requests acknowledged,
/// requests refused with 429 and failed, ack latency (ms), click events that became visible in the summary API and
/// their latency from send, the same through the dashboard stream, and the server's log lag. Phase <c>load</c> while
/// sending, <c>drain</c> while waiting for the last events to become visible.
/// </summary>
internal sealed record LoadSecond(
    int Second,
    string Phase,
    long AckedMessages,
    long AckedRequests,
    long RejectedRequests,
    long FailedRequests,
    double AckP50Ms,
    double AckP99Ms,
    double AckMaxMs,
    long VisibleEvents,
    double VisibleP50Ms,
    double VisibleP99Ms,
    double DashboardP50Ms,
    double DashboardP99Ms,
    long LogLag);
