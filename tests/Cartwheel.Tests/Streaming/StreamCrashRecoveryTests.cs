using Cartwheel.Streaming;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

public sealed class StreamCrashRecoveryTests : StreamFixture
{
    private static readonly StreamOptions Small = new() { MaxBatchRecords = 10, AllowedLateness = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(StreamStage.BronzeWritten)]
    [InlineData(StreamStage.Committed)]
    [InlineData(StreamStage.Truncated)]
    [InlineData(StreamStage.Published)]
    public async Task Restart_AfterCrashAtStage_EveryRecordInBronzeExactlyOnceAndSameAggregates(StreamStage stage)
    {
        // 60 records, ids e0..e49: the last 10 repeat the first 10 (client retries).
        var records = Enumerable.Range(0, 60)
            .Select(i => ("events", (string?)$"u{i % 7}", Event($"e{i % 50}", $"s{i % 7}", "product_view", T0.AddSeconds(i), $"p{i % 5}")))
            .ToArray();
        await AppendAsync(records[..30]);
        var crashed = NewProcessor(Small);
        var reached = 0;
        crashed.StageHook = s =>
        {
            if (s == stage && ++reached == 2)
            {
                throw new SimulatedCrashException();
            }
        };

        await Should.ThrowAsync<SimulatedCrashException>(() => DrainAsync(crashed));
        var orphans = BronzeFilesOnDisk().Except(Catalog.ListBronzeFiles().Select(f => f.Path)).Count();
        orphans.ShouldBe(stage == StreamStage.BronzeWritten ? 1 : 0);
        crashed.Dispose();

        await AppendAsync(records[30..]);
        var restarted = NewProcessor(Small);
        await DrainAsync(restarted);

        ReadBronze("events").Select(r => r.RecordId).Order(StringComparer.Ordinal)
            .ShouldBe(Enumerable.Range(0, 50).Select(i => $"e{i}").Order(StringComparer.Ordinal));
        BronzeFilesOnDisk().ShouldBe(Catalog.ListBronzeFiles().Select(f => f.Path).Order(StringComparer.Ordinal));
        Catalog.ListStreamBatches("log").Sum(b => b.Duplicates).ShouldBe(10);
        Enumerable.Range(0, Log.Partitions).Sum(Log.Held).ShouldBe(0);
        var summary = restarted.Queries.Summary();
        (summary.EventsLastHour, summary.DuplicatesTotal, summary.LateEventsTotal).ShouldBe((50L, 10L, 0L));
        restarted.Queries.TopProducts(TopProductsBy.Views, 10).Select(r => (r.ProductId, r.Value))
            .ShouldBe([("p0", 10m), ("p1", 10m), ("p2", 10m), ("p3", 10m), ("p4", 10m)]);
    }

    private sealed class SimulatedCrashException : Exception
    {
    }
}
