using System.Text.Json;

namespace Cartwheel.IntegrationTests.Cli;

/// <summary><c>cartwheel dq</c> and <c>cartwheel deadletter</c> in child processes: exit codes, stored results, replay.</summary>
public sealed class DqCliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-dqcli-" + Guid.NewGuid().ToString("N"));

    private string DataDir => Path.Combine(_root, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DqRun_CleanThenBlockingOverride_ExitZeroThenTwoAndResultsShown()
    {
        var input = Path.Combine(_root, "input");
        (await CliProcess.RunAsync(DataDir, Ct, "generate", "--out", input, "--users", "60", "--products", "20", "--days", "2",
            "--start", "2024-05-01", "--seed", "3")).ExitCode.ShouldBe(0);
        (await CliProcess.RunAsync(DataDir, Ct, "ingest", input)).ExitCode.ShouldBe(0);
        (await CliProcess.RunAsync(DataDir, Ct, "run", "--from", "2024-05-01", "--to", "2024-05-02")).ExitCode.ShouldBe(0);

        var clean = await CliProcess.RunAsync(DataDir, Ct, "dq", "run", "--date", "2024-05-02", "--format", "json");
        clean.ExitCode.ShouldBe(0, clean.Stdout + clean.Stderr);
        var results = Json(clean.Stdout);
        results.ShouldNotContain(r => r.GetProperty("severity").GetString() == "error" && r.GetProperty("status").GetString() != "passed");

        Directory.CreateDirectory(Path.Combine(DataDir, "quality"));
        await File.WriteAllTextAsync(Path.Combine(DataDir, "quality", "gold_fact_sales.yml"),
            "table: gold.fact_sales\npartition_column: order_date\nexpectations:\n  - name: no_sales_allowed\n    type: row_count_between\n    max: 0\n", Ct);
        var blocked = await CliProcess.RunAsync(DataDir, Ct, "dq", "run", "--date", "2024-05-02", "--table", "gold.fact_sales", "--format", "json");
        blocked.ExitCode.ShouldBe(2);
        blocked.Stderr.ShouldContain("quality.failed");
        var failed = Json(blocked.Stdout).ShouldHaveSingleItem();
        failed.GetProperty("status").GetString().ShouldBe("failed");

        var shown = await CliProcess.RunAsync(DataDir, Ct, "dq", "show", "--date", "2024-05-02", "--format", "json");
        shown.ExitCode.ShouldBe(0, shown.Stderr);
        var stored = Json(shown.Stdout).Single(r => r.GetProperty("expectation").GetString() == "no_sales_allowed");
        stored.GetProperty("observed").GetString().ShouldBe(failed.GetProperty("observed").GetString());

        var rate = await CliProcess.RunAsync(DataDir, Ct, "dq", "error-rate", "--format", "json");
        rate.ExitCode.ShouldBe(0, rate.Stderr);
        Json(rate.Stdout).ShouldContain(r => r.GetProperty("kind").GetString() == "events" && r.GetProperty("date").GetString() == "2024-05-02");
    }

    [Fact]
    public async Task DeadLetter_RejectedFile_ListedThenReplayed()
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "in")).FullName, "orders.jsonl");
        await File.WriteAllBytesAsync(file, [0, 0, 0, 1], Ct);
        (await CliProcess.RunAsync(DataDir, Ct, "ingest", file)).ExitCode.ShouldBe(2);
        var listed = await CliProcess.RunAsync(DataDir, Ct, "deadletter", "list", "--source", "file-ingest", "--format", "json");
        Json(listed.Stdout).ShouldHaveSingleItem().GetProperty("record_key").GetString().ShouldBe(file);

        (await CliProcess.RunAsync(DataDir, Ct, "deadletter", "replay")).ExitCode.ShouldBe(2);
        await File.WriteAllTextAsync(file,
            "{\"order_id\":\"o1\",\"user_id\":\"u1\",\"status\":\"completed\",\"items\":[],\"created_at\":\"2024-05-01T10:00:00Z\"}\n", Ct);
        var replay = await CliProcess.RunAsync(DataDir, Ct, "deadletter", "replay", "--format", "json");
        replay.ExitCode.ShouldBe(0, replay.Stderr);
        var letter = Json(replay.Stdout).ShouldHaveSingleItem();
        (letter.GetProperty("status").GetString(), letter.GetProperty("attempts").GetInt64()).ShouldBe(("replayed", 2L));
        Json((await CliProcess.RunAsync(DataDir, Ct, "deadletter", "list", "--format", "json")).Stdout).ShouldBeEmpty();
    }

    private static List<JsonElement> Json(string text)
    {
        using var document = JsonDocument.Parse(text);
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
