using Cartwheel.Log;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

public sealed class StreamProcessorTests : StreamFixture
{
    [Fact]
    public async Task ProcessBatch_MixedRecords_ExactBronzeQuarantineDuplicatesAndAccounting()
    {
        var t = T0;
        await AppendAsync(
            ("events", "u1", Event("e1", "s1", "page_view", t)),
            ("events", "u1", Event("e2", "s1", "page_view", t.AddSeconds(1))),
            ("events", "u1", Event("e1", "s1", "page_view", t)),
            ("events", "u1", """{"event_id":"e3","event_time":"""),
            ("events", "u1", """{"event_id":"e4"}"""));
        await Log.AppendAsync([new LogAppend("events", "u1", new byte[] { 0x7b, 0xff, 0x7d })], Token);
        await AppendAsync(
            ("widgets", "u1", """{"id":1}"""),
            ("orders", "u1", Order("o1", "pending", t, t, ("p1", 1, 10m, 0m))),
            ("orders", "u1", Order("o1", "completed", t, t.AddSeconds(5), ("p1", 1, 10m, 0m))),
            ("orders", "u1", Order("o1", "pending", t, t, ("p1", 1, 10m, 0m))));
        var processor = NewProcessor();

        var batch = (await DrainAsync(processor)).ShouldHaveSingleItem();

        (batch.Received, batch.Accepted, batch.Quarantined, batch.Duplicates, batch.OnTime, batch.Late).ShouldBe((10L, 4L, 4L, 2L, 4L, 0L));
        batch.QuarantinedByReason.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ShouldBe(
            [("invalid_json", 1L), ("invalid_utf8", 1L), ("missing_event_time", 1L), ("unknown_kind", 1L)]);
        var p = processor.Positions.ToList().FindIndex(o => o > 0);
        var source = $"log:{p}";
        ReadBronze("events").ShouldBe([("e1", source, 0L), ("e2", source, 1L)]);
        ReadBronze("orders").ShouldBe([("o1", source, 7L), ("o1", source, 8L)]);
        Catalog.ListQuarantineCounts("stream").Select(q => (q.Kind, q.Reason, q.Count)).ShouldBe(
            [("events", "invalid_json", 1L), ("events", "invalid_utf8", 1L), ("events", "missing_event_time", 1L), ("unknown", "unknown_kind", 1L)]);
        Catalog.ListBatches("stream").OrderBy(b => b.Kind, StringComparer.Ordinal).Select(b => (b.Kind, b.Received, b.Accepted, b.Quarantined, b.Duplicates)).ShouldBe(
            [("events", 6L, 2L, 3L, 1L), ("orders", 3L, 2L, 0L, 1L), ("unknown", 1L, 0L, 1L, 0L)]);
        var recorded = Catalog.ListStreamBatches("log").ShouldHaveSingleItem();
        (recorded.Received, recorded.Accepted, recorded.OnTime, recorded.Late, recorded.Balances).ShouldBe((10L, 4L, 4L, 0L, true));
        Catalog.ListSourcePositions("log").Single(s => s.Partition == p).NextOffset.ShouldBe(10);
        Log.Held(p).ShouldBe(0);
        processor.Metrics.QuarantinedByReason["unknown_kind"].ShouldBe(1);
        processor.Metrics.DuplicatesDropped.ShouldBe(2);
        processor.Queries.Summary().QuarantinedTotal.ShouldBe(4);
    }

    [Fact]
    public async Task Truncation_Failing_BatchesGoOn_AndThePartitionIsTruncatedWithALaterBatch()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"u{i}").ToList();
        var a = keys.First(k => Log.PartitionOf(k) == 0);
        var b = keys.First(k => Log.PartitionOf(k) == 1);
        await AppendAsync(("events", a, Event("e1", "s1", "page_view", T0)), ("events", b, Event("e2", "s2", "page_view", T0)));
        var processor = NewProcessor();
        Log.FailTruncations = 2;

        (await processor.ProcessBatchAsync(Token)).Accepted.ShouldBe(2);
        await AppendAsync(("events", b, Event("e3", "s3", "page_view", T0)));
        (await DrainAsync(processor)).Sum(r => r.Accepted).ShouldBe(1);

        // Partition 0 had no record in the later batch: it is truncated all the same.
        Enumerable.Range(0, Log.Partitions).Select(Log.Held).ShouldBe([0, 0, 0]);
        ReadBronze("events").Select(r => r.RecordId).Order(StringComparer.Ordinal).ShouldBe(["e1", "e2", "e3"]);
        Catalog.ListSourcePositions("log").Where(s => s.Partition < 2).Select(s => s.NextOffset).ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task ProcessBatch_DuplicatesAcrossBatchesAndRestart_DroppedExactly()
    {
        await AppendAsync(("events", "u1", Event("e1", "s1", "page_view", T0)), ("events", "u2", Event("e2", "s2", "page_view", T0)));
        var first = NewProcessor();
        await DrainAsync(first);
        await AppendAsync(("events", "u1", Event("e1", "s1", "page_view", T0)), ("events", "u3", Event("e3", "s3", "page_view", T0)));
        (await DrainAsync(first)).Sum(b => b.Duplicates).ShouldBe(1);
        first.Dispose();

        await AppendAsync(("events", "u2", Event("e2", "s2", "page_view", T0)), ("events", "u3", Event("e3", "s3", "page_view", T0)), ("events", "u4", Event("e4", "s4", "page_view", T0)));
        var second = NewProcessor();
        var batches = await DrainAsync(second);

        second.DedupKeys.ShouldBe(4);
        (batches.Sum(b => b.Duplicates), batches.Sum(b => b.Accepted)).ShouldBe((2L, 1L));
        ReadBronze("events").Select(r => r.RecordId).Order(StringComparer.Ordinal).ShouldBe(["e1", "e2", "e3", "e4"]);
    }

    [Fact]
    public async Task ProcessBatch_MaxBatchRecords_CutsBatches()
    {
        await AppendAsync(Enumerable.Range(0, 5).Select(i => ("events", (string?)"u1", Event($"e{i}", "s1", "page_view", T0.AddSeconds(i)))).ToArray());
        var processor = NewProcessor(new Cartwheel.Streaming.StreamOptions { MaxBatchRecords = 2 });

        var batches = await DrainAsync(processor);

        batches.Select(b => b.Received).ShouldBe([2L, 2L, 1L]);
        Catalog.ListStreamBatches("log").Count.ShouldBe(3);
    }
}
