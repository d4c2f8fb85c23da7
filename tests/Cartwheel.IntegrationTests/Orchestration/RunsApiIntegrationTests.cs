using System.Net;
using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Cartwheel.Quality;
using Cartwheel.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cartwheel.IntegrationTests.Orchestration;

/// <summary>The run, DAG and quality APIs over real HTTP on loopback answer with what the catalog just recorded.</summary>
public sealed class RunsApiIntegrationTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2024, 3, 5);
    private readonly DataDirectory _data = new(Path.Combine(Path.GetTempPath(), "cw-runs-api-" + Guid.NewGuid().ToString("N")));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = _data,
            Urls = "http://127.0.0.1:0",
            WriteKeys = ["runs-api-test"],
            Settings = new Dictionary<string, string?> { ["Cartwheel:Dags:daily:Schedule"] = "15 1 * * *", ["Cartwheel:Dags:daily:Sla"] = "02:00:00" },
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [Fact]
    public async Task Dags_ListsDailyWithTheConfiguredScheduleAndSla()
    {
        using var dags = await GetAsync("/api/v1/dags");
        var daily = dags.RootElement.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "daily");
        (daily.GetProperty("schedule").GetString(), daily.GetProperty("sla_seconds").GetDouble(), daily.GetProperty("max_active_runs").GetInt32()).ShouldBe(("15 1 * * *", 7200d, 1));
        daily.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ShouldBe(
            ["ingest", "silver_users", "silver_products", "silver_events", "silver_orders", "silver_inventory", "silver_transactions", "gold", "quality", "reports"]);
        _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ShouldContain(s => s.GetType().Name == "DagSchedulerService");
    }

    [Fact]
    public async Task Runs_AfterAFailedRun_ReturnTheRecordedRunTasksAndAttempts()
    {
        Directory.CreateDirectory(Path.Combine(_data.Root, "orchestration", "example"));
        File.WriteAllText(Path.Combine(_data.Root, "orchestration", "example", "fail-transform_b"), string.Empty);
        var logical = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var run = await _app.Services.GetRequiredService<DagRunner>().RunAsync("example", logical, RunType.Manual, TestContext.Current.CancellationToken);
        var store = _app.Services.GetRequiredService<DagRunStore>();

        using var runs = await GetAsync("/api/v1/runs?dag=example&limit=5");
        var listed = runs.RootElement.EnumerateArray().ShouldHaveSingleItem();
        (listed.GetProperty("run_id").GetString(), listed.GetProperty("status").GetString(), listed.GetProperty("run_type").GetString()).ShouldBe((run.RunId, "failed", "manual"));
        listed.GetProperty("logical_date").GetDateTimeOffset().ShouldBe(logical);
        listed.GetProperty("duration_ms").GetInt64().ShouldBe((long)run.Duration!.Value.TotalMilliseconds);

        using var detail = await GetAsync("/api/v1/runs/" + run.RunId);
        var tasks = detail.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        tasks.Select(t => (t.GetProperty("task_id").GetString(), t.GetProperty("status").GetString(), t.GetProperty("attempts").GetInt32())).ShouldBe([
            ("extract", "success", 1), ("transform_a", "success", 1), ("transform_b", "failed", 2), ("publish", "upstream_failed", 0)]);
        var recorded = store.ListAttempts(run.RunId, "transform_b");
        var attempts = tasks[2].GetProperty("attempt_list").EnumerateArray().ToList();
        attempts.Select(a => (a.GetProperty("attempt").GetInt32(), a.GetProperty("status").GetString(), a.GetProperty("error").GetString(),
            a.GetProperty("duration_ms").GetInt64(), a.GetProperty("log_excerpt").ValueKind == JsonValueKind.Null ? null : a.GetProperty("log_excerpt").GetString()))
            .ShouldBe(recorded.Select(a => (a.Attempt, (string?)a.Status, a.Error, (long)a.Duration!.Value.TotalMilliseconds, a.LogExcerpt)));
        recorded.Select(a => a.Status).ShouldBe(["failed", "failed"]);
        attempts[0].GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("Injected failure");
        tasks[2].GetProperty("duration_ms").GetInt64().ShouldBe((long)store.ListTaskInstances(run.RunId)[2].Duration!.Value.TotalMilliseconds);

        using var missing = await _client.GetAsync("/api/v1/runs/nope", TestContext.Current.CancellationToken);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var page = await _client.GetAsync("/runs.html", TestContext.Current.CancellationToken);
        (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("/api/v1/runs/");
    }

    [Fact]
    public async Task Quality_ForADate_ReturnsTheStoredResults()
    {
        var started = new DateTimeOffset(2024, 3, 6, 0, 31, 0, TimeSpan.Zero);
        var catalog = _app.Services.GetRequiredService<CatalogStore>();
        catalog.AddQualityResults([
            new QualityResult("dq-1", "gold_fact_sales", "gold.fact_sales", "quantity_bound", ExpectationType.Between, Severity.Error, CheckStatus.Failed,
                "2", 2, ["o1|1", "o2|1"], Day, started, TimeSpan.FromMilliseconds(12), "2 of 2 row(s) fail between"),
            new QualityResult("dq-1", "silver_orders", "silver.orders", "has_rows", ExpectationType.RowCountBetween, Severity.Warn, CheckStatus.Passed,
                "81", 0, [], Day, started, TimeSpan.FromMilliseconds(3), null),
            new QualityResult("dq-1", "silver_orders", "silver.orders", "has_rows", ExpectationType.RowCountBetween, Severity.Warn, CheckStatus.Passed,
                "70", 0, [], Day.AddDays(1), started, TimeSpan.FromMilliseconds(3), null)]);

        using var results = await GetAsync("/api/v1/quality?date=2024-03-05");

        results.RootElement.GetRawText().ShouldBe(
            """[{"run_id":"dq-1","suite":"gold_fact_sales","table":"gold.fact_sales","expectation":"quantity_bound","type":"between","severity":"error","status":"failed","observed":"2","failing_rows":2,"sample_keys":["o1|1","o2|1"],"date":"2024-03-05","started_at":"2024-03-06T00:31:00+00:00","duration_ms":12,"message":"2 of 2 row(s) fail between","blocks":true},""" +
            """{"run_id":"dq-1","suite":"silver_orders","table":"silver.orders","expectation":"has_rows","type":"row_count_between","severity":"warn","status":"passed","observed":"81","failing_rows":0,"sample_keys":[],"date":"2024-03-05","started_at":"2024-03-06T00:31:00+00:00","duration_ms":3,"message":null,"blocks":false}]""");
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        Cartwheel.Catalog.CatalogStore.ReleaseConnections(_data);
        if (Directory.Exists(_data.Root))
        {
            Directory.Delete(_data.Root, recursive: true);
        }
    }
}
