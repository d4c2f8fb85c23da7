using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.IntegrationTests.Cli;
using DuckDB.NET.Data;

namespace Cartwheel.IntegrationTests.Bench;

/// <summary>
/// <c>cartwheel bench stream</c> end to end (no speed asserted): the server and the generator run as processes, and the
/// result file agrees with itself and with what is in bronze, counted independently from the Parquet files.
/// </summary>
public sealed class BenchStreamTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-bench-stream-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BenchStream_ThreeSeconds_ResultMatchesBronzeAndAddsUp()
    {
        var data = Path.Combine(_root, "data");
        var output = Path.Combine(_root, "out");
        var run = await CliProcess.RunAsync(data, Ct, "bench", "stream", "--duration", "3s", "--connections", "2", "--batch-size", "100",
            "--data-dir", data, "--out", output, "--format", "json");
        run.ExitCode.ShouldBe(0, run.Stderr);

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "result.json"), Ct));
        var root = result.RootElement;
        var throughput = root.GetProperty("throughput");
        var acked = throughput.GetProperty("acked_messages").GetInt64();
        var clicks = throughput.GetProperty("acked_click_events").GetInt64();
        acked.ShouldBeGreaterThan(0);
        (acked % 100).ShouldBe(0); // whole batches of 100
        throughput.GetProperty("acked_requests").GetInt64().ShouldBe(acked / 100);
        throughput.GetProperty("failed_requests").GetInt64().ShouldBe(0);

        // Every acknowledged message is in exactly one second of the load phase.
        var seconds = root.GetProperty("seconds").EnumerateArray().ToList();
        seconds.Where(s => s.GetProperty("phase").GetString() == "load").Sum(s => s.GetProperty("events_per_second").GetInt64())
            .ShouldBeLessThanOrEqualTo(acked); // the last partial second is not a sample
        seconds.Count.ShouldBeGreaterThanOrEqualTo(2);

        // Bronze, counted from the Parquet files: every acknowledged click event exactly once, nothing else left in the log.
        var catalog = CatalogStore.Open(new DataDirectory(data));
        var consistency = root.GetProperty("consistency");
        consistency.GetProperty("consistent").GetBoolean().ShouldBeTrue();
        consistency.GetProperty("log_records_left").GetInt64().ShouldBe(0);
        consistency.GetProperty("quarantined").GetInt64().ShouldBe(0);
        consistency.GetProperty("duplicates").GetInt64().ShouldBe(0);
        var (rows, distinct) = CountBronze(catalog, new DataDirectory(data), "events");
        rows.ShouldBe(clicks);
        distinct.ShouldBe(clicks);
        consistency.GetProperty("bronze_rows").GetProperty("events").GetInt64().ShouldBe(clicks);
        var bronzeAll = consistency.GetProperty("bronze_rows").EnumerateObject().Sum(p => p.Value.GetInt64());
        consistency.GetProperty("accepted").GetInt64().ShouldBe(bronzeAll);
        consistency.GetProperty("received").GetInt64().ShouldBe(bronzeAll);

        // Every click event became visible through the summary API, so its latency histogram holds them all.
        root.GetProperty("visible").GetProperty("p99_ms").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("resources").GetProperty("server_peak_rss_mib").GetDouble().ShouldBeGreaterThan(0);
        File.ReadAllText(Path.Combine(output, "plot.svg")).ShouldStartWith("<svg");
        JsonDocument.Parse(run.Stdout).RootElement.GetArrayLength().ShouldBeGreaterThan(5);
    }

    private static (long Rows, long Distinct) CountBronze(CatalogStore catalog, DataDirectory data, string kind)
    {
        var files = catalog.ListBronzeFiles(kind).Select(f => "'" + data.Absolute(f.Path) + "'").ToList();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(DISTINCT record_id) FROM read_parquet([{string.Join(", ", files)}])";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
