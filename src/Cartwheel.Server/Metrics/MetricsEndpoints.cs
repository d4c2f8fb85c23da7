using Cartwheel.Server.Api;
using Prometheus;

namespace Cartwheel.Server.Metrics;

/// <summary><c>GET /metrics</c>: this host's registry in the Prometheus text format (a read API: API key beyond loopback).</summary>
internal static class MetricsEndpoints
{
    public static void UseCartwheelHttpMetrics(this IApplicationBuilder app) =>
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(app.ApplicationServices.GetRequiredService<CollectorRegistry>())));

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry, CancellationToken cancellationToken) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, cancellationToken);
        }).AddEndpointFilter<ApiKeyFilter>();
}
