using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Cartwheel.Server.Options;
using Cartwheel.Warehouse;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Hosting;

/// <summary>
/// The DAGs in the server: registry (<c>example</c>, <c>daily</c> over the real pipeline), runner, alerts, SLA monitor and the
/// scheduler as a hosted service (settings <c>Cartwheel:Dags</c>). The server's <see cref="WarehouseOwner"/> is the one writer
/// of the warehouse for the DAG's steps.
/// </summary>
internal static class OrchestrationServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestration(this IServiceCollection services, IConfiguration configuration, DataDirectory dataDirectory)
    {
        // Cartwheel:Dags:daily binds to DagsOptions.Daily (keys are case-insensitive).
        services.AddOptions<DagsOptions>().Bind(configuration.GetSection("Cartwheel:Dags")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DagsOptions>, SelfValidation<DagsOptions>>();
        services.AddSingleton(_ => CatalogStore.Open(dataDirectory));
        services.AddSingleton(_ => new WarehouseOwner(dataDirectory));
        services.AddSingleton(sp => new DagRunStore(sp.GetRequiredService<CatalogStore>()));
        services.AddHttpClient(nameof(WebhookAlertSink), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp =>
        {
            var dags = sp.GetRequiredService<IOptions<DagsOptions>>().Value;
            var baseUrl = dags.BaseUrl ?? Environment.GetEnvironmentVariable("CARTWHEEL_BASE_URL");
            var webhook = dags.AlertWebhook?.ToString() ?? Environment.GetEnvironmentVariable("CARTWHEEL_ALERT_WEBHOOK");
            return new OrchestrationOptions
            {
                BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? new OrchestrationOptions().BaseUrl : baseUrl,
                AlertWebhook = string.IsNullOrWhiteSpace(webhook) ? null : new Uri(webhook),
            };
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<OrchestrationOptions>();
            var time = sp.GetRequiredService<TimeProvider>();
            IAlertSink[] sinks = options.AlertWebhook is { } url
                ? [new WebhookAlertSink(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookAlertSink)), url, time)]
                : [];
            return new AlertService(sp.GetRequiredService<DagRunStore>(), sinks, options, time, sp.GetRequiredService<ILogger<AlertService>>());
        });
        services.AddSingleton(sp =>
        {
            var daily = sp.GetRequiredService<IOptions<DagsOptions>>().Value.Daily;
            var steps = new PipelineDailySteps(dataDirectory, sp.GetRequiredService<CatalogStore>(), sp.GetRequiredService<WarehouseOwner>(),
                sp.GetRequiredService<AlertService>(), new DailyStepsOptions { Inbox = daily.Inbox, LookbackDays = daily.LookbackDays },
                sp.GetRequiredService<TimeProvider>());
            return new DagRegistry(ExampleDag.Create(dataDirectory), DailyDag.Create(steps, new DailyDagOptions { Schedule = daily.Schedule, Sla = daily.Sla }));
        });
        services.AddSingleton<SlaMonitor>();
        services.AddSingleton(sp => new DagRunner(sp.GetRequiredService<DagRegistry>(), sp.GetRequiredService<DagRunStore>(),
            sp.GetRequiredService<AlertService>(), sp.GetRequiredService<SlaMonitor>(), sp.GetRequiredService<OrchestrationOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new DagScheduler(sp.GetRequiredService<DagRegistry>(), sp.GetRequiredService<DagRunner>(),
            sp.GetRequiredService<DagRunStore>(), sp.GetRequiredService<SlaMonitor>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DagScheduler>>())
        {
            SkipPastOnFirstStart = !sp.GetRequiredService<IOptions<DagsOptions>>().Value.RunOnFirstStart,
        });
        if (configuration.GetValue("Cartwheel:Dags:Enabled", true))
        {
            services.AddHostedService<DagSchedulerService>();
        }

        return services;
    }
}
