using Microsoft.Extensions.Logging;

namespace Cartwheel.Server;

/// <summary>Log events of the server (event ids 7000–7099).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(7000, LogLevel.Information, "Cartwheel server listening on {Url} (data directory {DataDirectory}); read APIs {Access}")]
    public static partial void ServerListening(this ILogger logger, string url, string dataDirectory, string access);

    [LoggerMessage(7001, LogLevel.Information, "Cartwheel server stopping; draining in-flight appends")]
    public static partial void ServerStopping(this ILogger logger);

    [LoggerMessage(7002, LogLevel.Debug, "Request refused {Status} [{Code}]: {Detail}")]
    public static partial void RequestRefused(this ILogger logger, int status, string code, string detail);

    [LoggerMessage(7003, LogLevel.Error, "Unhandled error on {Path}")]
    public static partial void UnhandledError(this ILogger logger, string path, Exception exception);

    [LoggerMessage(7010, LogLevel.Error, "Stream micro-batch failed ({Failures} in a row); retrying in {Wait}")]
    public static partial void StreamBatchRetry(this ILogger logger, int failures, TimeSpan wait, Exception exception);

    [LoggerMessage(7011, LogLevel.Information, "Stream processor stopped after {Batches} micro-batches")]
    public static partial void StreamStopped(this ILogger logger, long batches);

    [LoggerMessage(7012, LogLevel.Warning, "Dashboard update failed")]
    public static partial void DashboardUpdateFailed(this ILogger logger, Exception exception);

    [LoggerMessage(7020, LogLevel.Information, "Query answered as {Format}: {Rows} rows (truncated: {Truncated}) in {ElapsedMs} ms")]
    public static partial void QueryAnswered(this ILogger logger, string format, int rows, bool truncated, long elapsedMs);

    [LoggerMessage(7021, LogLevel.Information, "Query refused {Status} [{Code}]: {Detail}")]
    public static partial void QueryRefused(this ILogger logger, int status, string code, string detail);
}
