using System.Text.Json;

namespace Cartwheel.IntegrationTests.Cli;

/// <summary>The CLI end to end in child processes: exit codes, messages, and numbers that agree with each other.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-cli-" + Guid.NewGuid().ToString("N"));

    private string DataDir => Path.Combine(_root, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateIngestRunQuery_AsAUserWould_RevenueMatchesAndQuarantineMatchesManifest()
    {
        var input = Path.Combine(_root, "input");
        var generate = await CliProcess.RunAsync(DataDir, Ct, "generate", "--out", input, "--users", "120", "--products", "30", "--days", "2",
            "--start", "2024-04-01", "--corrupt-rate", "0.01", "--seed", "7");
        generate.ExitCode.ShouldBe(0, generate.Stderr);

        var ingest = await CliProcess.RunAsync(DataDir, Ct, "ingest", input, "--format", "json");
        ingest.ExitCode.ShouldBe(0, ingest.Stderr);
        var run = await CliProcess.RunAsync(DataDir, Ct, "run", "--from", "2024-04-01", "--to", "2024-04-10", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Stderr);

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(input, "manifest.json"), Ct));
        var corrupt = manifest.RootElement.GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("corrupt").GetInt64());
        var status = await QueryJsonAsync("status");
        status.Sum(r => r.GetProperty("quarantined").GetInt64()).ShouldBe(corrupt);

        var fromFacts = await QueryJsonAsync("query", "SELECT sum(line_revenue) AS revenue FROM gold.fact_sales");
        var fromDaily = await QueryJsonAsync("query", "SELECT sum(total_revenue) AS revenue FROM gold.daily_sales");
        fromFacts.Single().GetProperty("revenue").GetDecimal().ShouldBe(fromDaily.Single().GetProperty("revenue").GetDecimal());
        fromFacts.Single().GetProperty("revenue").GetDecimal().ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task Demo_RunTwice_SameNumbersAndNothingIngestedTwice()
    {
        string[] args = ["demo", "--users", "80", "--products", "25", "--days", "2", "--start", "2024-06-01", "--format", "json", "--no-serve"];
        var first = await CliProcess.RunAsync(DataDir, Ct, args);
        first.ExitCode.ShouldBe(0, first.Stderr);
        var second = await CliProcess.RunAsync(DataDir, Ct, args);
        second.ExitCode.ShouldBe(0, second.Stderr);

        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        var revenue = a.RootElement.GetProperty("revenue_by_day_completed_orders");
        revenue.GetArrayLength().ShouldBeGreaterThan(0);
        b.RootElement.GetProperty("revenue_by_day_completed_orders").GetRawText().ShouldBe(revenue.GetRawText());
        b.RootElement.GetProperty("records_per_layer").GetRawText().ShouldBe(a.RootElement.GetProperty("records_per_layer").GetRawText());
        // The demo publishes through the quality gate like `run`: every error-severity check passed or was skipped.
        var gate = a.RootElement.GetProperty("quality_gate").EnumerateArray().ToList();
        gate.Sum(r => r.GetProperty("checks").GetInt32()).ShouldBeGreaterThan(0);
        gate.Where(r => r.GetProperty("severity").GetString() == "error").Select(r => r.GetProperty("status").GetString())
            .ShouldAllBe(s => s == "passed" || s == "skipped");
        var byDay = await QueryJsonAsync("query", "SELECT order_date AS date, sum(line_revenue) AS revenue FROM gold.fact_sales GROUP BY 1 ORDER BY 1");
        byDay.Select(r => r.GetProperty("revenue").GetDecimal())
            .ShouldBe(revenue.EnumerateArray().Select(r => r.GetProperty("revenue").GetDecimal()));
    }

    [Fact]
    public async Task Ingest_BinaryGarbage_ExitTwoWithMessageAndNothingInBronze()
    {
        Directory.CreateDirectory(_root);
        var garbage = Path.Combine(_root, "events.jsonl");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        bytes[10] = 0;
        await File.WriteAllBytesAsync(garbage, bytes, Ct);

        var result = await CliProcess.RunAsync(DataDir, Ct, "ingest", garbage);

        result.ExitCode.ShouldBe(2);
        (result.Stdout + result.Stderr).ShouldContain("binary");
        Directory.Exists(Path.Combine(DataDir, "lake", "bronze")).ShouldBeFalse();
        (await QueryJsonAsync("status")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Ingest_MissingPath_ExitTwo()
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, "ingest", Path.Combine(_root, "nope.jsonl"));

        result.ExitCode.ShouldBe(2);
        (result.Stdout + result.Stderr).ShouldContain("no such file");
    }

    [Fact]
    public async Task Serve_WithoutWriteKey_ExitTwoWithSettingsMessage()
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, "serve", "--urls", "http://127.0.0.1:0");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("error [settings.invalid]: Collector:WriteKeys must hold at least one non-blank key");
        result.Stderr.ShouldNotContain("unexpected error");
    }

    [Theory]
    [InlineData("DROP TABLE gold.fact_sales")]
    [InlineData("COPY (SELECT 1) TO '/tmp/cartwheel-should-not-exist.csv'")]
    public async Task Query_WriteStatement_RefusedWithExitTwo(string sql)
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, "query", sql);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("query.not_read_only");
    }

    [Fact]
    public async Task Run_BadDate_ExitNonZeroWithUsage()
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, "run", "--date", "2024-13-45");

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldNotBeEmpty();
    }

    private async Task<List<JsonElement>> QueryJsonAsync(params string[] args)
    {
        var result = await CliProcess.RunAsync(DataDir, Ct, [.. args, "--format", "json"]);
        result.ExitCode.ShouldBe(0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
