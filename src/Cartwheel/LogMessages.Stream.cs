using Microsoft.Extensions.Logging;

namespace Cartwheel;

/// <summary>Log events of the stream processor (event ids 3000–3099).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(3000, LogLevel.Information, "Stream processor started on {Source}: {Partitions} partition(s), {Removed} orphan(s) removed, {DedupKeys} dedup key(s) rebuilt from bronze")]
    public static partial void StreamStarted(this ILogger logger, string source, int partitions, int removed, long dedupKeys);

    [LoggerMessage(3001, LogLevel.Debug, "Micro-batch {BatchId}: received {Received}, accepted {Accepted}, quarantined {Quarantined}, duplicates {Duplicates}, late {Late}")]
    public static partial void StreamBatchCommitted(this ILogger logger, string batchId, long received, long accepted, long quarantined, long duplicates, long late);

    [LoggerMessage(3002, LogLevel.Error, "Micro-batch {BatchId} accounting does not balance: received {Received}, accepted {Accepted}, quarantined {Quarantined}, duplicates {Duplicates}, on time {OnTime}, late {Late}")]
    public static partial void StreamAccountingMismatch(this ILogger logger, string batchId, long received, long accepted, long quarantined, long duplicates, long onTime, long late);

    [LoggerMessage(3003, LogLevel.Error, "Micro-batch failed; the state is restored from the last checkpoint")]
    public static partial void StreamBatchFailed(this ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Warning, "Truncating the log below the committed positions failed; the partitions are truncated again with the next batch")]
    public static partial void StreamTruncationFailed(this ILogger logger, Exception exception);
}
