using System.Threading.RateLimiting;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Collector;

/// <summary>A token bucket per write key (Basic auth user name; requests with the key in the body share one bucket).</summary>
internal static class CollectorRateLimits
{
    public const string Policy = "collector";

    public static void AddCollectorPolicy(this RateLimiterOptions limiter)
    {
        limiter.AddPolicy(Policy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<CollectorOptions>>().Value;
            return RateLimitPartition.GetTokenBucketLimiter(WriteKeyAuth.FromHeader(context.Request) ?? "", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        limiter.OnRejected = async (rejected, _) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "1";
            await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "collector.rate_limited", "Too many requests for this write key; retry after 1 s.");
        };
    }
}
