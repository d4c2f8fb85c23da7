using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Cartwheel.Quality;
using Cartwheel.Tests.Orchestration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cartwheel.Tests.Quality;

/// <summary>
/// A warehouse in a temp data directory with a small <c>gold.orders</c> table (three clean orders on 2024-03-05,
/// defects on 2024-03-04 that the partition filter must ignore), a fake clock and a recording alert sink.
/// </summary>
internal sealed class QualityHarness : IDisposable
{
    public static readonly DateOnly Day = new(2024, 3, 5);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-dq-" + Guid.NewGuid().ToString("N"));

    public QualityHarness()
    {
        DataDirectory = new DataDirectory(_root);
        Catalog = CatalogStore.Open(DataDirectory);
        Warehouse = Cartwheel.Warehouse.Warehouse.Open(DataDirectory);
        Alerts = new AlertService(new DagRunStore(Catalog), [Sink], new OrchestrationOptions(), Clock, NullLogger<AlertService>.Instance);
        Warehouse.Execute(
            """
            CREATE TABLE gold.orders (order_id VARCHAR, status VARCHAR, amount DECIMAL(18, 2), email VARCHAR, user_id VARCHAR,
                order_date DATE, created_at TIMESTAMPTZ);
            INSERT INTO gold.orders VALUES
                ('o1', 'completed', 10.00, 'a@x.io', 'u1', DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 08:00:00+00'),
                ('o2', 'pending',   20.00, 'b@x.io', 'u2', DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 12:00:00+00'),
                ('o3', 'refunded',  30.00, 'c@x.io', NULL, DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 20:00:00+00'),
                ('o1', 'bogus',     -5.00, 'bad',    'u9', DATE '2024-03-04', TIMESTAMPTZ '2024-03-04 01:00:00+00'),
                (NULL, NULL,        NULL,  NULL,     NULL, DATE '2024-03-04', NULL);
            CREATE TABLE gold.users (user_id VARCHAR);
            INSERT INTO gold.users VALUES ('u1'), ('u2');
            """);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 3, 5, 21, 0, 0, TimeSpan.Zero));

    public DataDirectory DataDirectory { get; }

    public CatalogStore Catalog { get; }

    public Cartwheel.Warehouse.Warehouse Warehouse { get; }

    public RecordingAlertSink Sink { get; } = new();

    public AlertService Alerts { get; }

    /// <summary>A suite over gold.orders (partition order_date, key order_id) with the given expectations (YAML list items).</summary>
    public static ExpectationSuite Suite(string expectations, string table = "gold.orders", string partition = "order_date", string key = "order_id") =>
        SuiteParser.Parse($"suite: orders\ntable: {table}\npartition_column: {partition}\nkey: {key}\nexpectations:\n{expectations}", "test.yml");

    public Task<QualityGateResult> EvaluateAsync(params ExpectationSuite[] suites) => EvaluateAsync(Day, Day, suites);

    public Task<QualityGateResult> EvaluateAsync(DateOnly from, DateOnly to, params ExpectationSuite[] suites) =>
        new QualityGate(Warehouse, Catalog, suites, Clock, Alerts).EvaluateAsync(from, to, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Evaluates one expectation (a YAML list item) for <see cref="Day"/> and returns its result.</summary>
    public async Task<QualityResult> CheckAsync(string expectation) => (await EvaluateAsync(Suite(expectation))).Results.Single();

    public void Dispose()
    {
        Warehouse.Dispose();
        CatalogStore.ReleaseConnections(DataDirectory);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
