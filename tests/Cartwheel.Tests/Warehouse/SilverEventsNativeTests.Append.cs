using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// The append path of silver events (a partition that gained bronze files) by the C# pass against the SQL append
/// (decision 39): after each new file, the same silver rows, accounting, quarantine counts and files.
/// </summary>
public sealed partial class SilverEventsNativeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Append_NewLateDuplicateAndCorruptFiles_EqualsTheSqlAppend(int workers)
    {
        var scan = new EventsScanOptions(workers, RowsPerWorker: 1, ChunkRows: 2);
        var appended = (BronzeFixture f) => f.Catalog.ListSilverFiles("events").Where(s => s.Path != f.Catalog.ListSilverPartitions("events").Single().Path).ToList();
        Both(f => OwnBronze(f, "ingest-0001", "/in/a.jsonl", Ingested, Day1, SilverEventsNativeCases.Usual()));
        BuildBoth([Day1], scan);

        // New keys only (a duplicate among them, corrupt records): the C# pass's file is appended as it is.
        Both(f => OwnBronze(f, "ingest-0002", "/in/b.jsonl", Ingested.AddHours(1), Day1,
        [
            new(SilverEventsNativeCases.Event("n1"), null, 1),
            new("""{"event_id":"r30","session_id":"s","event_type":"page_view"}""", "raw,r30", 2),
            new(SilverEventsNativeCases.Event("n1", user: "second copy"), null, 3),
            new(SilverEventsNativeCases.Event("n2", time: "2024-03-01T23:59:59.999Z"), null, 4),
            new("""{"event_id":"r31","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z","device":"toaster"}""", null, 5),
        ]));
        var (native, reference) = BuildBoth([Day1], scan);
        native.ShouldBe(reference);
        (native.Single().Accepted, native.Single().Duplicates).ShouldBe((reference.Single().Accepted, reference.Single().Duplicates));
        Writers(_native, Day1).ShouldBe([NativeWriter]);
        appended(_native).Select(s => s.RowCount).ShouldBe([2L]);
        AssertSameSilver(expectedRows: native.Single().Accepted);

        // Later copies of kept events (they lose), a copy of an appended one, new keys: the new keys are appended.
        Both(f => OwnBronze(f, "ingest-0003", "/in/c.jsonl", Ingested.AddHours(2), Day1,
            [.. SilverEventsNativeCases.Later(), new(SilverEventsNativeCases.Event("n2", user: "later copy"), null, 6), new(SilverEventsNativeCases.Event("n3"), null, 7)]));
        (native, reference) = BuildBoth([Day1], scan);
        native.ShouldBe(reference);
        appended(_native).Select(s => s.RowCount).ShouldBe(appended(_reference).Select(s => s.RowCount));
        appended(_native).Count.ShouldBe(2);
        AssertSameSilver(expectedRows: native.Single().Accepted);

        // A late file ingested before the others: its copy of e2 comes first, so the partition is rewritten as one file.
        Both(f => OwnBronze(f, "ingest-0004", "/in/d.jsonl", Ingested.AddHours(-1), Day1,
            [new(SilverEventsNativeCases.Event("e2", user: "earliest copy"), null, 1), new(SilverEventsNativeCases.Event("n4"), null, 2)]));
        (native, reference) = BuildBoth([Day1], scan);
        native.ShouldBe(reference);
        _native.Catalog.ListSilverFiles("events").ShouldHaveSingleItem();
        _native.Warehouse.Scalar<string>($"SELECT user_id FROM read_parquet({Files(_native)}) WHERE event_id = 'e2'").ShouldBe("earliest copy");
        AssertSameSilver(expectedRows: native.Single().Accepted);
    }

    [Fact]
    public void Append_CopyReadLaterComesFirst_FallsBackToTheSqlAppend()
    {
        Both(f => OwnBronze(f, "ingest-0001", "/in/a.jsonl", Ingested, Day1, SilverEventsNativeCases.Usual()));
        BuildBoth([Day1]);

        // Two sources interleaved in the new file: the C# pass gives up, the SQL append keeps the copy of /in/a.
        Both(f => OwnBronze(f, "stream-0001", "log:0", Ingested.AddHours(1), Day1,
        [
            new(SilverEventsNativeCases.Event("d1", user: "from-b"), null, 9, "/in/b.jsonl"),
            new(SilverEventsNativeCases.Event("d1", user: "from-a"), null, 5, "/in/a.jsonl"),
        ]));
        var (native, reference) = BuildBoth([Day1]);

        native.ShouldBe(reference);
        _native.Catalog.ListSilverFiles("events").Count.ShouldBe(2);
        _native.Warehouse.Scalar<string>($"SELECT user_id FROM read_parquet({Files(_native)}) WHERE event_id = 'd1'").ShouldBe("from-a");
        AssertSameSilver(expectedRows: native.Single().Accepted);
    }

    private void Both(Action<BronzeFixture> commit)
    {
        commit(_native);
        commit(_reference);
    }
}
