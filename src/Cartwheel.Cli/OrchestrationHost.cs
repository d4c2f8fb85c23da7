using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Microsoft.Extensions.Logging;

namespace Cartwheel.Cli;

/// <summary>
/// The orchestration engine wired for one CLI invocation over a data directory. Alerts go to the log (stderr)
/// and, when <c>CARTWHEEL_ALERT_WEBHOOK</c> is set, to that webhook; links use <c>CARTWHEEL_BASE_URL</c>.
/// DAGs: <c>example</c> and <c>daily</c> (<see cref="PipelineDailySteps"/> over the inbox <c>CARTWHEEL_INBOX</c>,
/// default <c>&lt;data-dir&gt;/inbox</c>, unless other steps are given).
/// </summary>
internal sealed class OrchestrationHost : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Warehouse.WarehouseOwner? _warehouse;

    private OrchestrationHost(DataDirectory dataDirectory, IDailyPipelineSteps? dailySteps)
    {
        _loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        var time = TimeProvider.System;
        var webhook = Environment.GetEnvironmentVariable("CARTWHEEL_ALERT_WEBHOOK");
        var options = new OrchestrationOptions
        {
            BaseUrl = Environment.GetEnvironmentVariable("CARTWHEEL_BASE_URL") is { Length: > 0 } baseUrl ? baseUrl : new OrchestrationOptions().BaseUrl,
            AlertWebhook = string.IsNullOrWhiteSpace(webhook) ? null : new Uri(webhook),
        };
        var catalog = CatalogStore.Open(dataDirectory);
        Store = new DagRunStore(catalog);
        IAlertSink[] sinks = options.AlertWebhook is { } url ? [new WebhookAlertSink(_http, url, time)] : [];
        Alerts = new AlertService(Store, sinks, options, time, _loggerFactory.CreateLogger<AlertService>());
        var inbox = Environment.GetEnvironmentVariable("CARTWHEEL_INBOX");
        dailySteps ??= new PipelineDailySteps(dataDirectory, catalog, _warehouse = new Warehouse.WarehouseOwner(dataDirectory), Alerts,
            new DailyStepsOptions { Inbox = string.IsNullOrWhiteSpace(inbox) ? null : inbox }, time);
        Registry = new DagRegistry(ExampleDag.Create(dataDirectory), DailyDag.Create(dailySteps));
        var sla = new SlaMonitor(Registry, Store, Alerts, time);
        Runner = new DagRunner(Registry, Store, Alerts, sla, options, time, _loggerFactory);
        Backfill = new Backfill(Registry, Runner);
    }

    public DagRegistry Registry { get; }

    public DagRunStore Store { get; }

    public DagRunner Runner { get; }

    /// <summary>Alerts for other stages (data quality failures, freshness breaches).</summary>
    public AlertService Alerts { get; }

    public Backfill Backfill { get; }

    public static OrchestrationHost Create(DataDirectory dataDirectory, IDailyPipelineSteps? dailySteps = null) => new(dataDirectory, dailySteps);

    public void Dispose()
    {
        Runner.Dispose();
        _warehouse?.Dispose();
        _http.Dispose();
        _loggerFactory.Dispose();
    }
}
