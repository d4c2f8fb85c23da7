using System.Globalization;
using Cartwheel.Streaming;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// With <see cref="StreamOptions.ReadAhead"/> the next micro-batch is read and checked while one commits (decision 68):
/// the batches, bronze, accounting and aggregates must equal those without it, and a failed batch must drop what was
/// read ahead of it, so that nothing is lost or written twice.
/// </summary>
public sealed class StreamReadAheadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessBatch_ReadAhead_SameBatchesBronzeAccountingAndAggregatesAsWithout()
    {
        var records = Mixed(6_000);
        var eventIds = MixedRun.EventIds(records);

        using var plain = new MixedRun();
        using var ahead = new MixedRun();
        var without = await plain.ProcessAsync(records, new StreamOptions { MaxBatchRecords = 500, ReadAhead = false });
        var with = await ahead.ProcessAsync(records, new StreamOptions { MaxBatchRecords = 500, ReadAhead = true });

        without.Batches.ShouldBe((records.Count + 499) / 500);
        without.Bronze.Count(r => r.Kind == "events").ShouldBe(eventIds.Distinct(StringComparer.Ordinal).Count());
        with.Batches.ShouldBe(without.Batches);
        with.Bronze.ShouldBe(without.Bronze);
        with.Accounting.ShouldBe(without.Accounting);
        with.Quarantine.ShouldBe(without.Quarantine);
        (with.OnTime, with.Late).ShouldBe((without.OnTime, without.Late));
        with.Store.ShouldBe(without.Store);
        with.Held.ShouldBe(0);
    }

    [Fact]
    public async Task ProcessBatch_FailsWhileTheNextIsReadAhead_NothingLostOrDuplicated()
    {
        using var run = new Run();
        // One partition, 300 click events in batches of 100: the second batch's events are on the next day, and every
        // tenth event repeats one 50 events earlier (so repeats cross batch boundaries).
        var day2 = T0.AddDays(1);
        var records = Enumerable.Range(0, 300).Select(i =>
        {
            var id = i % 10 == 5 && i >= 50 ? $"e{i - 50}" : $"e{i}";
            var time = i is >= 100 and < 200 ? day2.AddSeconds(i) : T0.AddSeconds(i);
            return ("events", "u1", Event(id, "s" + (i % 7).ToString(CultureInfo.InvariantCulture), "page_view", time));
        }).ToList();
        await run.AppendAllAsync(records);
        var processor = run.NewProcessor(new StreamOptions { MaxBatchRecords = 100, ReadAhead = true });
        // A file where the second batch's bronze partition folder must go: its publish fails (no crash: it rolls back).
        var blocked = run.Data.PartitionPath("bronze", "events", DateOnly.FromDateTime(day2.UtcDateTime));
        Directory.CreateDirectory(Path.GetDirectoryName(blocked)!);
        await File.WriteAllTextAsync(blocked, "not a folder", Token);

        var first = await processor.ProcessBatchAsync(Token);
        await Should.ThrowAsync<IOException>(async () => await processor.ProcessBatchAsync(Token));
        File.Delete(blocked);
        var rest = await StreamFixture.DrainAsync(processor);

        // Independent count: the distinct ids are accepted once, each repeat is a duplicate, whatever batch it is in.
        var ids = records.Select(r => r.Item3[13..r.Item3.IndexOf('"', 13)]).ToList();
        var distinct = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var firstDistinct = ids.Take(100).Distinct(StringComparer.Ordinal).Count();
        (first.Received, first.Accepted).ShouldBe((100L, (long)firstDistinct));
        rest.Select(b => b.Received).ShouldBe([100L, 100L]);
        (rest.Sum(b => b.Accepted), rest.Sum(b => b.Duplicates)).ShouldBe(((long)(distinct.Count - firstDistinct), (long)(200 - (distinct.Count - firstDistinct))));
        run.BronzeIds().ShouldBe(distinct);
        run.Positions().ShouldBe([300L]);
        run.StreamBatches().ShouldBe(3);
        run.Held.ShouldBe(0);
    }

    [Fact]
    public async Task ProcessBatch_ClockStands_NextCallReadsAtOnceWhatWasAppended()
    {
        using var run = new Run();
        // The clock never moves, so the read ahead's wait for the batch interval never ends by itself: the next call starts it.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var processor = run.NewProcessor(new StreamOptions { ReadAhead = true }, clock: clock);
        await run.AppendAllAsync([("events", "u1", Event("e1", "s1", "page_view", T0))]);
        (await processor.ProcessBatchAsync(Token)).Accepted.ShouldBe(1);
        await run.AppendAllAsync([("events", "u1", Event("e2", "s1", "page_view", T0)), ("events", "u2", Event("e3", "s2", "page_view", T0))]);

        (await processor.ProcessBatchAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token)).Accepted.ShouldBe(2);
        (await processor.ProcessBatchAsync(Token)).BatchId.ShouldBeNull();
        run.BronzeIds().ShouldBe(["e1", "e2", "e3"]);
    }

    [Fact]
    public async Task ProcessBatch_EarlierCallsTokenCancelled_LaterCallReadsWithItsOwn()
    {
        using var run = new Run();
        var processor = run.NewProcessor(new StreamOptions { ReadAhead = true, BatchInterval = TimeSpan.FromMinutes(5) });
        await run.AppendAllAsync([("events", "u1", Event("e1", "s1", "page_view", T0))]);
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            (await processor.ProcessBatchAsync(first.Token)).Accepted.ShouldBe(1);
            await first.CancelAsync();
        }

        await run.AppendAllAsync([("events", "u2", Event("e2", "s2", "page_view", T0))]);

        // The read ahead of the first call waits for the (long) interval or the next call; the first call's token is not its.
        (await processor.ProcessBatchAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token)).Accepted.ShouldBe(1);
        run.BronzeIds().ShouldBe(["e1", "e2"]);
    }

    private sealed class Run : StreamFixture
    {
        public long Held => Enumerable.Range(0, Log.Partitions).Sum(p => Log.Held(p));

        public new DataDirectory Data => base.Data;

        public new StreamProcessor NewProcessor(StreamOptions? options = null, IRealtimeStore? store = null, TimeProvider? clock = null) =>
            base.NewProcessor(options, store, clock);

        public Task AppendAllAsync(List<(string Kind, string Key, string Json)> records) =>
            AppendAsync(records.Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray());

        public List<string> BronzeIds() => ReadBronze("events").Select(r => r.RecordId ?? string.Empty).Order(StringComparer.Ordinal).ToList();

        public List<long> Positions() => Catalog.ListSourcePositions("log").Where(p => p.NextOffset > 0).Select(p => p.NextOffset).ToList();

        public int StreamBatches() => Catalog.ListStreamBatches("log").Count(b => b.Balances);
    }
}
