using Cartwheel.Server.Api;
using Cartwheel.Server.Collector;
using Cartwheel.Server.Hosting;
using Cartwheel.Server.Metrics;
using Cartwheel.Server.Realtime;
using Cartwheel.Server.Reports;
using Cartwheel.Server.Orchestration;
using Cartwheel.Server.Query;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cartwheel.Server;

/// <summary>
/// The one ASP.NET Core host of Cartwheel over a data directory: the collector, the stream processor (log → bronze and
/// real-time aggregates), the real-time API and its SSE stream, read-only SQL (<c>/api/v1/query</c>), the dashboard at <c>/</c>, <c>/metrics</c> and health.
/// </summary>
public static class CartwheelServer
{
    /// <summary>Loopback only, so read APIs are open to this machine and closed to the network.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>Builds the host (not started): settings bound, services registered, endpoints mapped.</summary>
    public static WebApplication Build(CartwheelServerOptions options)
    {
        // appsettings.json is read once: reloading it on change means a recursive file watcher on the content root,
        // which is the working directory and so holds ./cartwheel-data by default; every log commit, bronze file and
        // checkpoint then wakes the watcher (~4% of the server's CPU in bench stream). A later argument still wins.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [NoConfigReload, .. options.Args] });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var binding = ServerBinding.Parse(options.Urls ?? builder.Configuration["urls"] ?? DefaultUrl);
        builder.WebHost.UseUrls([.. binding.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services
            .AddEventLog(builder.Configuration, options.DataDirectory)
            .AddCollector(builder.Configuration, options.WriteKeys)
            .AddApiAccess(builder.Configuration, options.ApiKeys, binding)
            .AddStream(builder.Configuration, options.DataDirectory);
        builder.Services.AddRateLimiter(limiter => limiter.AddReadLimiter());
        builder.Services.AddHostedService<ServerAdvertiser>();
        builder.Services.AddOrchestration(builder.Configuration, options.DataDirectory);
        builder.Services.AddQueryApi(builder.Configuration);
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.StartReadSide();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCartwheelHttpMetrics();
        app.UseRateLimiter();
        var webRoot = new EmbeddedWebRoot();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = webRoot });
        app.MapGet("/", () => Results.Stream(webRoot.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapSegmentCollector();
        app.MapNativeCollector();
        app.MapLogApi();
        app.MapRealtimeApi();
        app.MapMetricsEndpoint();
        app.MapOrchestrationApi();
        app.MapQueryApi();
        app.MapReportsApi();
        return app;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (or Ctrl+C); stopping waits for in-flight requests,
    /// then disposing the log drains appends still queued, so every acknowledged batch is durable.
    /// </summary>
    public static async Task RunAsync(CartwheelServerOptions options, CancellationToken cancellationToken = default)
    {
        await using var app = Build(options);
        // The log opens here, before the first request, so a broken catalog fails the start, not a request.
        _ = app.Services.GetRequiredService<Log.IEventLog>();
        await app.RunAsync(cancellationToken);
    }
}
