using Cartwheel.Ingest;

namespace Cartwheel.Tests.Ingest;

public sealed class BronzeIngestorTests : IngestFixture
{
    private const string Order1 = """{"order_id":"o1","status":"pending","created_at":"2024-03-01T23:59:59.999Z","updated_at":"2024-03-01T23:59:59.999Z"}""";
    private const string Order1Refund = """{"order_id":"o1","status":"refunded","created_at":"2024-03-01T23:59:59.999Z","updated_at":"2024-03-04T10:00:00Z"}""";
    private const string Order2 = """{"updated_at":"2024-03-01T00:00:00Z","order_id":"o2","created_at":"2024-03-02T01:00:00+02:00"}""";

    [Fact]
    public void Ingest_JsonlOrders_PartitionsByCreatedAtAndKeepsPayloadVerbatim()
    {
        var path = WriteInput("orders.jsonl", $"{Order1}\n{Order1Refund}\r\n\n{Order2}");

        var report = Ingest(path);

        var file = report.Files.ShouldHaveSingleItem();
        file.Status.ShouldBe(IngestFileStatus.Ingested);
        (file.Received, file.Accepted, file.Quarantined).ShouldBe((3L, 3L, 0L));
        var rows = ReadBronze("orders");
        rows.Select(r => (r.RecordId, r.EventTime, r.Payload, r.Raw, r.Line, r.Dt, r.Source)).ShouldBe(
        [
            ("o1", "2024-03-01T23:59:59.999Z", Order1, null, 1L, "2024-03-01", path),
            ("o1", "2024-03-01T23:59:59.999Z", Order1Refund, null, 2L, "2024-03-01", path),
            ("o2", "2024-03-01T23:00:00.000Z", Order2, null, 4L, "2024-03-01", path),
        ]);
        Catalog.ListBronzeFiles("orders").Select(f => f.Path).ShouldBe([$"lake/bronze/orders/dt=2024-03-01/{file.BatchId}.parquet"]);
        var batch = Catalog.ListBatches("ingest").ShouldHaveSingleItem();
        (batch.Received, batch.Accepted, batch.Quarantined, batch.Duplicates, batch.Date).ShouldBe((3L, 3L, 0L, 0L, ""));
    }

    [Fact]
    public void Ingest_TenThousandEventsOverTwoDays_EveryRowOnceInOneFilePerPartition()
    {
        // Rows of the two days interleave, so both partitions' files are written at the same time.
        var lines = Enumerable.Range(1, 10_000)
            .Select(i => $$"""{"event_id":"e{{i}}","event_time":"2024-03-0{{1 + i % 2}}T10:00:00.{{i % 1000:D3}}Z","n":{{i}}}""")
            .ToList();
        var path = WriteInput("events.jsonl", string.Join('\n', lines) + "\n");

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Received, file.Accepted).ShouldBe((10_000L, 10_000L));
        var rows = ReadBronze("events");
        rows.Select(r => r.Line).ShouldBe(Enumerable.Range(1, 10_000).Select(i => (long)i));
        rows.Select(r => r.Payload).ShouldBe(lines);
        rows.Select(r => r.RecordId).ShouldBe(Enumerable.Range(1, 10_000).Select(i => $"e{i}"));
        rows.Count(r => r.Dt == "2024-03-01").ShouldBe(5_000);
        var committed = Catalog.ListBronzeFiles("events");
        committed.Sum(f => f.RowCount).ShouldBe(10_000L);
        committed.Select(f => (f.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), f.RowCount)).ShouldBe([("2024-03-01", 5_000L), ("2024-03-02", 5_000L)]);
        committed.Select(f => f.Path).ShouldBe(BronzeFilesOnDisk());
    }

    [Fact]
    public void Ingest_BadRecords_QuarantinedWithExactReasons()
    {
        var lines = new[]
        {
            """{"event_id":"e1","event_time":"2024-01-02T03:04:05Z"}""",
            """{"event_id":"e2","event_time":""",
            """[1,2]""",
            """{"event_id":"e3"}""",
            """{"event_id":"e4","event_time":"yesterday"}""",
            """{"event_id":"e5","event_timestamp":"2024-01-03"}""",
            """{"event_id":"e6","event_time":12}""",
            """{"a":1} {"b":2}""",
        };
        var path = WriteInput("events.jsonl", string.Join('\n', lines) + "\n");

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Received, file.Accepted, file.Quarantined).ShouldBe((8L, 2L, 6L));
        file.QuarantinedByReason.OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(new Dictionary<string, long>
        {
            ["invalid_event_time"] = 2, ["invalid_json"] = 2, ["missing_event_time"] = 1, ["not_an_object"] = 1,
        }.OrderBy(p => p.Key, StringComparer.Ordinal));
        ReadBronze("events").Select(r => (r.RecordId, r.Dt, r.Line)).ShouldBe([("e1", "2024-01-02", 1L), ("e5", "2024-01-03", 6L)]);
        var quarantined = QuarantineLines("events");
        quarantined.Count.ShouldBe(6);
        quarantined[0].ShouldStartWith($$"""{"stage":"ingest","kind":"events","source_file":{{System.Text.Json.JsonSerializer.Serialize(path)}},"line_number":2,"reason":"invalid_json","detail":""");
        Catalog.ListQuarantineCounts("ingest").Select(q => (q.Reason, q.Count)).ShouldBe(
            [("invalid_event_time", 2L), ("invalid_json", 2L), ("missing_event_time", 1L), ("not_an_object", 1L)]);
    }

    [Fact]
    public void Ingest_SameBytesTwice_SecondIsSkippedAndBronzeUnchanged()
    {
        var path = WriteInput("orders.jsonl", Order1 + "\n");
        Ingest(path);
        var before = BronzeFilesOnDisk();
        var copy = WriteInput("sub/orders-2.jsonl", Order1 + "\n");

        var second = Ingest(path, copy);

        second.Files.Select(f => f.Status).ShouldBe([IngestFileStatus.Skipped, IngestFileStatus.Skipped]);
        second.Files[0].Message!.ShouldStartWith("skipped (already ingested");
        second.Succeeded.ShouldBeTrue();
        BronzeFilesOnDisk().ShouldBe(before);
        Catalog.ListIngestedFiles().Count.ShouldBe(1);
    }

    [Fact]
    public void Ingest_NewFileAndSameSizeDifferentBytes_HashedWhileParsedAndBothIngested()
    {
        var first = WriteInput("orders.jsonl", Order1 + "\n");
        var sameSize = WriteInput("orders-2.jsonl", Order1.Replace("o1", "o9", StringComparison.Ordinal) + "\n");

        var report = Ingest(first, sameSize);

        report.Files.Select(f => f.Status).ShouldBe([IngestFileStatus.Ingested, IngestFileStatus.Ingested]);
        var expected = new[] { first, sameSize }.Select(p => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)))).ToList();
        Catalog.ListIngestedFiles().Select(f => f.FileHash).Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
        using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        var files = string.Join(", ", Catalog.ListBronzeFiles("orders").Select(f => $"'{Data.Absolute(f.Path)}'"));
        command.CommandText = $"SELECT string_agg(DISTINCT record_id || '=' || file_hash, ' ' ORDER BY record_id || '=' || file_hash) FROM read_parquet([{files}])";
        command.ExecuteScalar().ShouldBe($"o1={expected[0]} o9={expected[1]}");
    }

    [Fact]
    public void Ingest_StrayParquetAndStagingFiles_RemovedByRecovery()
    {
        var stray = Path.Combine(Data.Lake, "bronze", "events", "dt=2024-01-01", "crashed.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllText(stray, "x");
        Directory.CreateDirectory(Path.Combine(Data.IngestStaging, "ingest-old"));
        File.WriteAllText(Path.Combine(Data.IngestStaging, "ingest-old", "data_0.parquet"), "x");
        var path = WriteInput("orders.jsonl", Order1 + "\n");

        var report = Ingest(path);

        report.RemovedOrphans.ShouldBe(["lake/bronze/events/dt=2024-01-01/crashed.parquet", "lake/_staging/ingest/ingest-old"]);
        File.Exists(stray).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(Data.IngestStaging).ShouldBeEmpty();
        BronzeFilesOnDisk().ShouldBe(Catalog.ListBronzeFiles().Select(f => f.Path).ToList());
    }

    [Fact]
    public void Ingest_SilverStagingFileInFlight_LeftAlone()
    {
        // A silver build may be writing into lake/_staging while an ingest starts: recovery must not touch it.
        Directory.CreateDirectory(Data.Staging);
        var silver = Path.Combine(Data.Staging, "0123456789abcdef.parquet");
        File.WriteAllText(silver, "in flight");
        var path = WriteInput("orders.jsonl", Order1 + "\n");

        var report = Ingest(path);

        report.RemovedOrphans.ShouldBeEmpty();
        File.ReadAllText(silver).ShouldBe("in flight");
    }

    [Fact]
    public void Ingest_GzipFolder_ReadsTransparentlyAndIgnoresManifestAndHidden()
    {
        WriteInput("drop/orders-2024-03-01.jsonl.gz", Order1 + "\n" + Order2 + "\n");
        WriteInput("drop/manifest.json", "{}");
        WriteInput("drop/.hidden.jsonl", "junk");

        var report = Ingest(Path.Combine(Input, "drop"));

        var file = report.Files.ShouldHaveSingleItem();
        (file.Status, file.Accepted).ShouldBe((IngestFileStatus.Ingested, 2L));
        ReadBronze("orders").Select(r => r.Payload).ShouldBe([Order1, Order2]);
    }
}
