using System.Diagnostics.Metrics;
using Cartwheel.Catalog;
using Cartwheel.Log;
using Cartwheel.Server.Metrics;
using Cartwheel.Server.Options;
using Cartwheel.Server.Realtime;
using Cartwheel.Streaming;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Cartwheel.Server.Hosting;

/// <summary>The stream stage in the host, its read side (real-time API, dashboard feed) and the Prometheus registry.</summary>
internal static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="StreamProcessor"/> over the registered <see cref="IEventLog"/> and an in-memory real-time
    /// store, with <see cref="StreamOptions"/> from <c>Cartwheel:Stream</c>, and runs it as a hosted service unless
    /// <c>Cartwheel:Stream:Enabled</c> is false (then the log keeps what the collector acknowledged, for another consumer).
    /// </summary>
    public static IServiceCollection AddStream(this IServiceCollection services, IConfiguration configuration, DataDirectory dataDirectory)
    {
        var section = configuration.GetSection("Cartwheel:Stream");
        services.AddOptions<StreamOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamOptions>, StreamOptionsValidation>();
        services.AddSingleton<IRealtimeStore, MemoryRealtimeStore>();
        services.AddSingleton(sp => new StreamMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new StreamProcessor(
            dataDirectory,
            CatalogStore.Open(dataDirectory),
            sp.GetRequiredService<IEventLog>(),
            sp.GetRequiredService<IRealtimeStore>(),
            sp.GetRequiredService<IOptions<StreamOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<StreamMetrics>(),
            sp.GetRequiredService<ILogger<StreamProcessor>>()));

        services.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<StreamMeterBridge>();
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton<RealtimeReader>();
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        if (section.GetValue("Enabled", true))
        {
            services.AddHostedService<StreamService>();
        }

        return services;
    }

    /// <summary>Creates the read side eagerly, so the bridge and health see the first batch.</summary>
    public static void StartReadSide(this IServiceProvider services)
    {
        services.GetRequiredService<StreamMeterBridge>();
        services.GetRequiredService<PipelineHealth>();
        services.GetRequiredService<CollectorRegistry>();
    }
}
