using System.Threading.RateLimiting;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Api;

/// <summary>
/// A token bucket per client address over every request except the collector's (which has its own per-write-key
/// policy): read APIs, the SSE stream, /metrics, health, the dashboard's files. Rejections are 429 problem JSON
/// with code <c>api.rate_limited</c> and <c>Retry-After: 1</c>.
/// </summary>
internal static class ReadRateLimits
{
    public static void AddReadLimiter(this RateLimiterOptions limiter)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (IsCollector(context.Request.Path))
            {
                return RateLimitPartition.GetNoLimiter("collector");
            }

            var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
            return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

        // The collector's handler stays in charge of its own endpoints.
        var collector = limiter.OnRejected;
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            if (IsCollector(rejected.HttpContext.Request.Path) && collector is not null)
            {
                await collector(rejected, cancellationToken);
                return;
            }

            rejected.HttpContext.Response.Headers.RetryAfter = "1";
            await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "api.rate_limited", "Too many requests from this address; retry after 1 s.");
        };
    }

    private static bool IsCollector(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/v1/events", StringComparison.OrdinalIgnoreCase);
}
