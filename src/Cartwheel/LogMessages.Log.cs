using Microsoft.Extensions.Logging;

namespace Cartwheel;

/// <summary>Log events of the embedded event log (event ids 6000–6099).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(6000, LogLevel.Information, "Event log open: {Partitions} partitions, {Retained} un-truncated records")]
    public static partial void EventLogOpened(this ILogger logger, int partitions, long retained);

    [LoggerMessage(6001, LogLevel.Warning, "Event log full ({Records} records, {Bytes} bytes un-truncated); refusing appends")]
    public static partial void EventLogFull(this ILogger logger, long records, long bytes);

    [LoggerMessage(6002, LogLevel.Error, "Event log commit of {Requests} request(s) failed")]
    public static partial void EventLogCommitFailed(this ILogger logger, int requests, Exception exception);
}
