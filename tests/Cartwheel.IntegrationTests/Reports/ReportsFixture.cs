using System.Globalization;
using System.Text.Json;
using Cartwheel.IntegrationTests.Cli;
using Cartwheel.Server;
using Microsoft.AspNetCore.Builder;

namespace Cartwheel.IntegrationTests.Reports;

/// <summary>
/// A data directory with real reports, made as a user would with the CLI (generate → ingest → run → <c>report daily</c>
/// for the last and the first order date, <c>report weekly</c>), the marts' numbers of those days read with
/// <c>cartwheel query</c>, then a real server on 127.0.0.1 over it (stream off: nothing else writes to it).
/// </summary>
public sealed class ReportsFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-reports-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public DataDirectory DataDirectory => new(Path.Combine(_root, "data"));

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The first and the last order date in gold: the daily reports' labels.</summary>
    public DateOnly FirstDate { get; private set; }

    public DateOnly LastDate { get; private set; }

    /// <summary>gold.sales_summary (day, all) of <see cref="LastDate"/>: revenue and orders.</summary>
    public decimal LastDayRevenue { get; private set; }

    public long LastDayOrders { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var input = Path.Combine(_root, "input");
        await Cli("generate", "--out", input, "--users", "80", "--products", "20", "--days", "2", "--start", "2024-04-01", "--seed", "11");
        await Cli("ingest", input);
        await Cli("run", "--from", "2024-04-01", "--to", "2024-04-05");
        var dates = (await Query("SELECT strftime(min(order_date), '%Y-%m-%d') AS first, strftime(max(order_date), '%Y-%m-%d') AS last FROM gold.fact_sales")).Single();
        FirstDate = DateOnly.ParseExact(dates.GetProperty("first").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        LastDate = DateOnly.ParseExact(dates.GetProperty("last").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = (await Query($"SELECT revenue, orders FROM gold.sales_summary WHERE grain = 'day' AND dimension = 'all' AND period_start = DATE '{LastDate:yyyy-MM-dd}'")).Single();
        LastDayRevenue = day.GetProperty("revenue").GetDecimal();
        LastDayOrders = day.GetProperty("orders").GetInt64();
        await Cli("report", "daily");
        await Cli("report", "daily", "--date", FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Cli("report", "weekly");

        _app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = DataDirectory,
            Urls = "http://127.0.0.1:0",
            WriteKeys = ["reports-write-key"],
            Settings = new Dictionary<string, string?> { ["Cartwheel:Stream:Enabled"] = "false" },
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        BaseAddress = new Uri(_app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    private async Task Cli(params string[] args)
    {
        var result = await CliProcess.RunAsync(DataDirectory.Root, TestContext.Current.CancellationToken, args);
        result.ExitCode.ShouldBe(0, $"cartwheel {string.Join(' ', args)}: {result.Stderr}");
    }

    private async Task<List<JsonElement>> Query(string sql)
    {
        var result = await CliProcess.RunAsync(DataDirectory.Root, TestContext.Current.CancellationToken, "query", sql, "--format", "json");
        result.ExitCode.ShouldBe(0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        Cartwheel.Catalog.CatalogStore.ReleaseConnections(DataDirectory);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
