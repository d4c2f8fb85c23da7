using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cartwheel.IntegrationTests.Cli;

/// <summary>
/// <c>cartwheel query</c> while <c>cartwheel serve</c> holds the data directory: the query goes through the server and prints
/// exactly what the local run prints; a stale <c>server.json</c> is ignored; a locked warehouse without a server is a clear error.
/// </summary>
public sealed class QueryForwardingCliTests : IDisposable
{
    private const string SalesSql = "SELECT order_date, count(*) AS lines, sum(line_revenue) AS revenue, min(created_at) AS first_at, " +
        "max(unit_price) AS max_price, bool_or(quantity > 1) AS multi FROM gold.fact_sales GROUP BY 1 ORDER BY 1";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-query-cli-" + Guid.NewGuid().ToString("N"));

    private string DataDir => Path.Combine(_root, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_WhileServeHoldsTheDataDirectory_SameOutputAsLocalAndAnsweredByTheServer()
    {
        await BuildWarehouseAsync();
        string[][] queries =
        [
            ["query", SalesSql, "--format", "json"],
            ["query", SalesSql, "--format", "csv"],
            ["query", SalesSql, "--format", "table"],
            ["query", "SELECT * FROM gold.fact_events_daily ORDER BY ALL LIMIT 50", "--format", "json", "--max-rows", "20"],
            ["query", "DROP TABLE gold.fact_sales"],
            ["query", "SELEC 1"],
            ["query", "SELECT count(*) FROM range(100000000) a, range(100000000) b", "--timeout", "1"],
        ];
        var local = new List<CliProcess.Result>();
        foreach (var args in queries)
        {
            local.Add(await CliProcess.RunAsync(DataDir, Ct, args));
        }

        local[0].ExitCode.ShouldBe(0, local[0].Stderr);
        local[0].Stdout.ShouldContain("\"revenue\"");
        (local[4].ExitCode, local[5].ExitCode, local[6].ExitCode).ShouldBe((2, 2, 2));
        local[3].Stderr.ShouldBe("(output cut at 20 rows; use --max-rows)\n");
        var localReport = await ReportAsync();
        localReport.Count.ShouldBe(18); // 8 tables as CSV and JSON, the HTML page, and what the command printed

        await using var server = await ServeProcess.StartAsync(DataDir);
        var forwarded = new List<CliProcess.Result>();
        foreach (var args in queries)
        {
            forwarded.Add(await CliProcess.RunAsync(DataDir, Ct, args));
        }

        for (var i = 0; i < queries.Length; i++)
        {
            forwarded[i].ShouldBe(local[i], string.Join(' ', queries[i]));
        }

        var forwardedReport = await ReportAsync();
        forwardedReport.ShouldBe(localReport);

        // Each of them reached the server's query API: 4 queries and the report's 8 tables.
        var metrics = await server.Client.GetStringAsync("/metrics", Ct);
        Counter(metrics, "ok").ShouldBe(12);
        Counter(metrics, "refused").ShouldBe(1);
        Counter(metrics, "failed").ShouldBe(1);
        Counter(metrics, "timeout").ShouldBe(1);
    }

    [Fact]
    public async Task Query_StaleServerJsonOfADeadProcess_IgnoredAndRemoved_QueryRunsLocally()
    {
        CreateTinyWarehouse();
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await gone.WaitForExitAsync(Ct);
            new ServerAdvertisement("http://127.0.0.1:9", "stale-token", gone.Id, DateTimeOffset.UtcNow).Write(new DataDirectory(DataDir));
        }

        var result = await CliProcess.RunAsync(DataDir, Ct, "query", "SELECT sum(v) AS total FROM gold.tiny", "--format", "csv");

        result.ShouldBe(new CliProcess.Result(0, "total\n6\n", string.Empty));
        File.Exists(Path.Combine(DataDir, ServerAdvertisement.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Query_ServerJsonOfALiveProcessThatDoesNotAnswer_Ignored_QueryRunsLocally()
    {
        CreateTinyWarehouse();
        // A live pid (this test process) with nothing listening at the address: the probe fails within its 1 s.
        new ServerAdvertisement("http://127.0.0.1:9", "stale-token", Environment.ProcessId, DateTimeOffset.UtcNow).Write(new DataDirectory(DataDir));

        var result = await CliProcess.RunAsync(DataDir, Ct, "query", "SELECT sum(v) AS total FROM gold.tiny", "--format", "csv");

        result.ShouldBe(new CliProcess.Result(0, "total\n6\n", string.Empty));
    }

    [Fact]
    public async Task Query_WarehouseLockedByAnotherProcessWithoutServer_ClearMessageExitTwo()
    {
        CreateTinyWarehouse();
        using var holder = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(DataDir));

        var result = await CliProcess.RunAsync(DataDir, Ct, "query", "SELECT 1");

        result.ExitCode.ShouldBe(2);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldBe($"error [warehouse.locked]: The warehouse {Path.Combine(DataDir, "warehouse.duckdb")} is held by another Cartwheel process " +
            "(is `cartwheel serve` running on this data directory?).\n");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Writes the daily report of 2024-04-01; returns its files by name (the HTML without its "generated" time), then removes them.</summary>
    private async Task<Dictionary<string, string>> ReportAsync()
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, "report", "daily", "--date", "2024-04-01", "--format", "csv");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var folder = Path.Combine(DataDir, "reports", "daily");
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f),
            f => Regex.Replace(File.ReadAllText(f), @"generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "generated (time) UTC"));
        files["stdout"] = result.Stdout;
        Directory.Delete(folder, recursive: true);
        return files;
    }

    private static long Counter(string metrics, string outcome) =>
        long.Parse(Regex.Match(metrics, $@"^cartwheel_query_requests_total\{{format=""json"",outcome=""{outcome}""\}} (\d+)$", RegexOptions.Multiline).Groups[1].Value,
            CultureInfo.InvariantCulture);

    private async Task BuildWarehouseAsync()
    {
        var input = Path.Combine(_root, "input");
        foreach (var args in new[]
        {
            new[] { "generate", "--out", input, "--users", "80", "--products", "20", "--days", "2", "--start", "2024-04-01", "--seed", "11" },
            ["ingest", input, "--format", "json"],
            ["run", "--from", "2024-04-01", "--to", "2024-04-03", "--format", "json"],
        })
        {
            var step = await CliProcess.RunAsync(DataDir, Ct, args);
            step.ExitCode.ShouldBe(0, step.Stderr);
        }
    }

    private void CreateTinyWarehouse()
    {
        using var warehouse = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(DataDir));
        warehouse.Execute("CREATE TABLE gold.tiny AS SELECT * FROM (VALUES (1), (2), (3)) t(v)");
    }

    /// <summary><c>cartwheel serve</c> in a child process on a free port; SIGTERM on dispose.</summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();

        private ServeProcess(Process process) => _process = process;

        public HttpClient Client { get; private set; } = null!;

        public static async Task<ServeProcess> StartAsync(string dataDirectory)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Cartwheel.Cli.dll"), "serve", "--urls", "http://127.0.0.1:0",
                "--write-key", "forwarding-test", "--Cartwheel:Dags:Enabled=false" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["CARTWHEEL_DATA_DIR"] = dataDirectory;
            start.Environment["NO_COLOR"] = "1";
            var serve = new ServeProcess(Process.Start(start)!);
            serve._process.ErrorDataReceived += (_, e) =>
            {
                lock (serve._stderr)
                {
                    serve._stderr.AppendLine(e.Data);
                }
            };
            serve._process.OutputDataReceived += (_, _) => { };
            serve._process.BeginErrorReadLine();
            serve._process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            ServerAdvertisement? advertisement;
            while ((advertisement = ServerAdvertisement.TryRead(new DataDirectory(dataDirectory))) is null || advertisement.ProcessId != serve._process.Id)
            {
                serve._process.HasExited.ShouldBeFalse(serve.Stderr);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "serve did not advertise itself: " + serve.Stderr);
                await Task.Delay(100, Ct);
            }

            serve.Client = new HttpClient { BaseAddress = new Uri(advertisement.Url) };
            // Warm it up: the CLI gives a server 1 s to answer /health/live, a cold one on a busy machine may need longer.
            (await serve.Client.GetAsync("/health/live", Ct)).EnsureSuccessStatusCode();
            (await serve.Client.GetAsync("/metrics", Ct)).EnsureSuccessStatusCode();
            return serve;
        }

        private string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (!_process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync(Ct);
                await _process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            }

            _process.Dispose();
        }
    }
}
