using Cartwheel.Log;

namespace Cartwheel.Server.Api;

/// <summary><c>GET /api/v1/log</c>: the log's partitions and end offsets (a read API: API key beyond loopback).</summary>
internal static class LogEndpoints
{
    public static void MapLogApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/log", (IEventLog log) => Results.Json(new LogStatus(
            log.Partitions, [.. Enumerable.Range(0, log.Partitions).Select(log.EndOffset)]), ServerJsonContext.Default.LogStatus))
            .AddEndpointFilter<ApiKeyFilter>();
}
