using Cartwheel.Log;
using Cartwheel.Server.Collector;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Cartwheel.Server.Query;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Hosting;

/// <summary>The server's areas, one <c>AddXxx</c> each; settings bound from <c>Cartwheel:*</c> and validated at start.</summary>
internal static class ServerServiceCollectionExtensions
{
    public static IServiceCollection AddEventLog(this IServiceCollection services, IConfiguration configuration, DataDirectory dataDirectory)
    {
        services.AddOptions<EventLogOptions>().Bind(configuration.GetSection("Cartwheel:Log")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventLogOptions>, LogOptionsValidation>();
        services.AddSingleton<IEventLog>(sp => SqliteEventLog.Open(
            dataDirectory, sp.GetRequiredService<IOptions<EventLogOptions>>().Value, sp.GetRequiredService<ILogger<SqliteEventLog>>()));
        services.AddHealthChecks().AddCheck<EventLogHealthCheck>("event_log", tags: ["ready"]);
        return services;
    }

    public static IServiceCollection AddCollector(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<string> writeKeys)
    {
        services.AddValidated<CollectorOptions>(configuration.GetSection("Cartwheel:Collector"), o =>
        {
            if (writeKeys.Count > 0)
            {
                o.WriteKeys = [.. writeKeys];
            }
        });
        services.AddSingleton<WriteKeyAuth>();
        services.AddSingleton<StreamLagGate>();
        services.AddSingleton(sp => new Ingest.Segment.SegmentMapper(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.BuildEventMap()));
        services.AddRateLimiter(limiter => limiter.AddCollectorPolicy());
        return services;
    }

    public static IServiceCollection AddApiAccess(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<string> apiKeys, ServerBinding binding)
    {
        services.AddValidated<ApiOptions>(configuration.GetSection("Cartwheel:Api"), o =>
        {
            if (apiKeys.Count > 0)
            {
                o.Keys = [.. apiKeys];
            }

            o.LoopbackOnly = binding.LoopbackOnly;
        });
        services.AddSingleton(binding);
        services.AddSingleton(LocalToken.Create());
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary><c>POST /api/v1/query</c>: its limits (<c>Cartwheel:Query</c>), the runner over the server's warehouse owner, its metrics.</summary>
    public static IServiceCollection AddQueryApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidated<QueryOptions>(configuration.GetSection("Cartwheel:Query"), _ => { });
        services.AddSingleton<QueryService>();
        services.AddSingleton<QueryMetrics>();
        return services;
    }

    private static void AddValidated<T>(this IServiceCollection services, IConfiguration section, Action<T> overrides)
        where T : class, ISelfValidating
    {
        services.AddOptions<T>().Bind(section).PostConfigure(overrides).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, SelfValidation<T>>();
    }
}
