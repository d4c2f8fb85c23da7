using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartwheel.Tests.Orchestration;

/// <summary>A runner over a temporary catalog with a stepping fake clock and a recording alert sink.</summary>
internal sealed class OrchestrationHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2024, 3, 10, 1, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-orch-" + Guid.NewGuid().ToString("N"));

    public OrchestrationHarness(IEnumerable<Dag> dags, IReadOnlyDictionary<string, int>? pools = null, IAlertSink? sink = null)
    {
        Catalog = CatalogStore.Open(new DataDirectory(_root));
        Store = new DagRunStore(Catalog);
        Registry = new DagRegistry(dags);
        var options = new OrchestrationOptions { BaseUrl = "http://dash.example", Pools = pools ?? new Dictionary<string, int>() };
        Alerts = new AlertService(Store, [sink ?? Sink], options, Clock, NullLogger<AlertService>.Instance);
        Sla = new SlaMonitor(Registry, Store, Alerts, Clock);
        Runner = new DagRunner(Registry, Store, Alerts, Sla, options, Clock, NullLoggerFactory.Instance);
    }

    public SteppingClock Clock { get; } = new(Start);

    public CatalogStore Catalog { get; }

    public DagRunStore Store { get; }

    public DagRegistry Registry { get; }

    public AlertService Alerts { get; }

    public SlaMonitor Sla { get; }

    public DagRunner Runner { get; }

    public RecordingAlertSink Sink { get; } = new();

    public string DataRoot => _root;

    public DagScheduler Scheduler() => new(Registry, Runner, Store, Sla, Clock, NullLogger<DagScheduler>.Instance);

    public Dictionary<string, TaskInstanceStatus> Statuses(string runId) =>
        Store.ListTaskInstances(runId).ToDictionary(t => t.TaskId, t => t.Status);

    public void Dispose()
    {
        Runner.Dispose();
        CatalogStore.ReleaseConnections(new DataDirectory(_root));
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    public static ILogger Logger => NullLogger.Instance;
}
