using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Lake;
using Cartwheel.Simulation;
using Cartwheel.Warehouse;
using Cartwheel.Warehouse.NativeEvents;
using WarehouseDb = Cartwheel.Warehouse.Warehouse;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// Silver events built in C# (<see cref="SilverBuilder.NativeEvents"/>) against the SQL reference path over the same
/// bronze: identical silver rows (EXCEPT ALL both ways, same column types), accounting, quarantine counts and
/// quarantine files; the C# writer is used where it can be, DuckDB where it cannot (unusual records, DuckDB-written bronze).
/// </summary>
public sealed partial class SilverEventsNativeTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2024, 3, 1);
    private static readonly DateOnly Day2 = new(2024, 3, 2);
    private static readonly DateOnly Day3 = new(2024, 3, 3);
    private static readonly DateTimeOffset Ingested = new(2024, 3, 4, 6, 0, 0, TimeSpan.Zero);
    private const string NativeWriter = "Cartwheel silver events writer";

    private readonly BronzeFixture _native = new();
    private readonly BronzeFixture _reference = new();

    [Fact]
    public void Build_TrickyRecords_EqualsTheSqlPath()
    {
        foreach (var f in new[] { _native, _reference })
        {
            OwnBronze(f, "ingest-0001", "/in/a.jsonl", Ingested, Day1, SilverEventsNativeCases.Usual());
            // A second, later ingest with copies of the first's events (duplicates) and new ones.
            OwnBronze(f, "ingest-0002", "/in/b.jsonl", Ingested.AddHours(1), Day1, SilverEventsNativeCases.Later());
        }

        var (native, reference) = BuildBoth([Day1]);

        native.ShouldBe(reference);
        native.Single().ShouldSatisfyAllConditions(
            r => r.Received.ShouldBe(SilverEventsNativeCases.Usual().Count + SilverEventsNativeCases.Later().Count),
            r => r.Duplicates.ShouldBeGreaterThan(2),
            r => r.Quarantined.ShouldBeGreaterThan(10));
        Writers(_native, Day1).ShouldBe([NativeWriter]);
        AssertSameSilver(expectedRows: native.Single().Accepted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Build_UnusualRecordsAndDuckDbBronze_FallBackToTheSqlPath(int workers)
    {
        foreach (var f in new[] { _native, _reference })
        {
            OwnBronze(f, "ingest-0001", "/in/a.jsonl", Ingested, Day1, SilverEventsNativeCases.Usual());
            OwnBronze(f, "ingest-0002", "/in/c.jsonl", Ingested, Day2, SilverEventsNativeCases.Unusual());
            f.IngestionTime = Ingested;
            f.Json("events", Day3, [.. SilverEventsNativeCases.Usual().Select(r => r.Payload)]);
        }

        var (native, reference) = BuildBoth([Day1, Day2, Day3], new EventsScanOptions(workers, RowsPerWorker: 1, ChunkRows: 2));

        native.ShouldBe(reference);
        Writers(_native, Day1).ShouldBe([NativeWriter]);
        Writers(_native, Day2).ShouldNotContain(NativeWriter);
        Writers(_native, Day3).ShouldNotContain(NativeWriter);
        AssertSameSilver(expectedRows: native.Sum(r => r.Accepted));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Build_CopyReadLaterComesFirst_FallsBackAndKeepsTheFirstCopy(int workers)
    {
        foreach (var f in new[] { _native, _reference })
        {
            // Two sources interleaved in one file: the copy of line 5 of /in/a sorts before the copy read earlier from /in/b.
            OwnBronze(f, "stream-0001", "log:0", Ingested, Day1,
            [
                new(SilverEventsNativeCases.Event("d1", user: "from-b"), null, 9, "/in/b.jsonl"),
                new(SilverEventsNativeCases.Event("d1", user: "from-a"), null, 5, "/in/a.jsonl"),
            ]);
        }

        var (native, reference) = BuildBoth([Day1], new EventsScanOptions(workers, RowsPerWorker: 1, ChunkRows: 2));

        native.ShouldBe(reference);
        Writers(_native, Day1).ShouldNotContain(NativeWriter);
        _native.Warehouse.Scalar<string>($"SELECT user_id FROM read_parquet({Files(_native)})").ShouldBe("from-a");
        AssertSameSilver(expectedRows: 1);
    }

    [Theory]
    [InlineData(SimulationFormat.Native)]
    [InlineData(SimulationFormat.Seed004)]
    public void Build_SimulatedShop_EqualsTheSqlPathInCSharp(SimulationFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        var input = Path.Combine(_native.DataDirectory.Root, "input");
        new ShopSimulator(new SimulationOptions
        {
            Users = 300, Products = 40, Days = 2, EventsPerDay = 4000, PadEventsTo = 400, Format = format,
            CorruptRate = 0.02, DuplicateRate = 0.05, LateRate = 0.05,
        }).WriteTo(input, null, ct);
        new BronzeIngestor(_native.DataDirectory, _native.Catalog).Ingest([Path.Combine(input, "events.jsonl")], cancellationToken: ct);
        var bronze = _native.Catalog.ListBronzeFiles("events");
        foreach (var file in bronze)
        {
            var target = _reference.DataDirectory.Absolute(file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(_native.DataDirectory.Absolute(file.Path), target);
        }

        _reference.Catalog.CommitBronzeBatch(bronze, [], []);
        var dates = bronze.Select(f => f.Date).Distinct().Order().ToList();

        var (native, reference) = BuildBoth(dates);

        native.ShouldBe(reference);
        native.Sum(r => r.Duplicates).ShouldBeGreaterThan(0);
        native.Sum(r => r.Quarantined).ShouldBeGreaterThan(0);
        dates.SelectMany(d => Writers(_native, d)).Distinct().ShouldBe([NativeWriter]);
        AssertSameSilver(expectedRows: native.Sum(r => r.Accepted));
    }

    [Fact]
    public void Build_SeveralWorkers_SameFileAsOneWorkerAndEqualsTheSqlPath()
    {
        var ct = TestContext.Current.CancellationToken;
        // Tiny units and chunks: three workers take turns many times inside each row group.
        var several = new EventsScanOptions(Workers: 3, RowsPerWorker: 1, ChunkRows: 2);
        foreach (var f in new[] { _native, _reference })
        {
            OwnBronze(f, "ingest-0001", "/in/a.jsonl", Ingested, Day1, SilverEventsNativeCases.Usual());
            OwnBronze(f, "ingest-0002", "/in/b.jsonl", Ingested.AddHours(1), Day1, SilverEventsNativeCases.Later());
            OwnBronze(f, "ingest-0003", "/in/c.jsonl", Ingested.AddHours(2), Day1, [.. SilverEventsNativeCases.Usual(), .. SilverEventsNativeCases.Later()]);
        }

        var (native, reference) = BuildBoth([Day1], several);

        native.ShouldBe(reference);
        native.Single().Duplicates.ShouldBeGreaterThan(SilverEventsNativeCases.Usual().Count / 2);
        Writers(_native, Day1).ShouldBe([NativeWriter]);
        AssertSameSilver(expectedRows: native.Single().Accepted);

        // The scan itself: the same file, byte for byte, and the same accounting with one worker and with three.
        var bronze = _native.Catalog.ListBronzeFiles("events").OrderBy(f => f.CommittedAt).ThenBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => _native.DataDirectory.Absolute(f.Path)).ToList();
        var scan = (EventsScanOptions options) =>
        {
            var staged = Path.Combine(_native.DataDirectory.Root, $"scan-{options.Workers}.parquet");
            return EventsPartitionScan.Run(Day1, bronze, staged, options, ct).ShouldNotBeNull();
        };
        var one = scan(new EventsScanOptions(Workers: 1, RowsPerWorker: 1));
        var three = scan(several);
        one.Workers.ShouldBe(1);
        three.Workers.ShouldBe(3);
        (three.Received, three.Accepted, three.Duplicates).ShouldBe((one.Received, one.Accepted, one.Duplicates));
        three.Rejected.ShouldBe(one.Rejected);
        File.ReadAllBytes(three.StagedFile).ShouldBe(File.ReadAllBytes(one.StagedFile));
    }

    public void Dispose()
    {
        _native.Dispose();
        _reference.Dispose();
    }

    private (List<PartitionReport> Native, List<PartitionReport> Reference) BuildBoth(IReadOnlyList<DateOnly> dates, EventsScanOptions? scan = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var native = new SilverBuilder(_native.DataDirectory, _native.Catalog, _native.Warehouse)
            { NativeEvents = true, NativeEventsScan = scan ?? EventsScanOptions.Default }
            .Build("events", dates.ToHashSet(), null, ct);
        var reference = new SilverBuilder(_reference.DataDirectory, _reference.Catalog, _reference.Warehouse) { NativeEvents = false }
            .Build("events", dates.ToHashSet(), null, ct);
        Writers(_reference, dates[0]).ShouldNotContain(NativeWriter);
        var counts = (BronzeFixture f) => f.Catalog.ListQuarantineCounts("silver").Select(q => (q.Date, q.Reason, q.Count)).Order().ToList();
        counts(_native).ShouldBe(counts(_reference));
        var batches = (BronzeFixture f) => f.Catalog.ListBatches("silver").Select(b => (b.Date, b.Received, b.Accepted, b.Quarantined, b.Duplicates)).Order().ToList();
        batches(_native).ShouldBe(batches(_reference));
        Directory.GetFiles(_native.DataDirectory.Staging, "*", SearchOption.AllDirectories).Where(p => p.Contains("silver", StringComparison.Ordinal)).ShouldBeEmpty();
        return ([.. native], [.. reference]);
    }

    /// <summary>The silver rows of both builds: equal as multisets (EXCEPT ALL both ways), same schema, same quarantine files.</summary>
    private void AssertSameSilver(long expectedRows)
    {
        var native = $"read_parquet({Files(_native)}, hive_partitioning = false)";
        var reference = $"read_parquet({Files(_reference)}, hive_partitioning = false)";
        var db = _native.Warehouse;
        db.Scalar<long>($"SELECT count(*) FROM {native}").ShouldBe(expectedRows);
        db.Scalar<long>($"SELECT count(*) FROM {reference}").ShouldBe(expectedRows);
        db.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {native} EXCEPT ALL SELECT * FROM {reference})").ShouldBe(0);
        db.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {reference} EXCEPT ALL SELECT * FROM {native})").ShouldBe(0);
        // Filters DuckDB may answer from row-group statistics (the C# writer records min/max of its INT64 columns).
        foreach (var filter in new[]
        {
            "event_time >= TIMESTAMPTZ '2024-03-01 10:00:00.123+00'", "event_time < TIMESTAMPTZ '2024-03-01 10:00:00+00'",
            "line_number BETWEEN 3 AND 10", "client_ingestion_time <= TIMESTAMPTZ '2024-03-01 10:00:01+00'", "ingestion_time > TIMESTAMPTZ '2024-03-04 06:30:00+00'",
        })
        {
            db.Scalar<long>($"SELECT count(*) FROM {native} WHERE {filter}").ShouldBe(db.Scalar<long>($"SELECT count(*) FROM {reference} WHERE {filter}"), filter);
        }

        db.Strings($"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM {native})")
            .ShouldBe(db.Strings($"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM {reference})"));

        var quarantine = (BronzeFixture f) => Directory.Exists(Path.Combine(f.DataDirectory.Quarantine, "events"))
            ? Directory.GetFiles(Path.Combine(f.DataDirectory.Quarantine, "events"), "silver-*").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList()
            : [];
        quarantine(_native).ShouldBe(quarantine(_reference));
    }

    private static string Files(BronzeFixture f) =>
        WarehouseDb.FileList(f.Catalog.ListSilverFiles("events").Select(s => f.DataDirectory.Absolute(s.Path)));

    private static List<string> Writers(BronzeFixture f, DateOnly date) =>
        f.Warehouse.Strings($"SELECT DISTINCT created_by FROM parquet_file_metadata({WarehouseDb.FileList(f.Catalog.ListSilverFiles("events")
            .Where(s => s.Date == date).Select(s => f.DataDirectory.Absolute(s.Path)))})");

    /// <summary>Commits records as bronze written by Cartwheel's own writer (one file, placed in <paramref name="date"/>).</summary>
    private static void OwnBronze(BronzeFixture f, string batch, string sourceFile, DateTimeOffset ingested, DateOnly date, IReadOnlyList<SilverEventsNativeCases.Record> records)
    {
        var time = date.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var hash = new string('a', 64);
        List<BronzeFile> files;
        using (var writer = new BronzeBatchWriter(f.DataDirectory, "events", batch, sourceFile, hash, ingested))
        {
            writer.Write(records.Select(r => new BronzeRow(null, time, r.Payload, r.Raw, r.Line, r.SourceFile)));
            files = [.. writer.Publish(hash, TestContext.Current.CancellationToken)];
        }

        var dt = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        f.Catalog.CommitBronzeBatch(files, [new BatchAccounting(batch, "ingest", "events", dt, sourceFile, null, records.Count, records.Count, 0, 0)], []);
    }
}
