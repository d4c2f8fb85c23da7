using Cartwheel.Streaming;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// The records of a micro-batch are checked on several threads (<see cref="StreamOptions.Parallelism"/>); everything
/// that depends on order (dedup, accounting, watermark, windows) must come out exactly as with one thread.
/// </summary>
public sealed class StreamParallelTests
{
    [Fact]
    public async Task ProcessBatch_ParallelChecking_SameBronzeAccountingAndAggregatesAsOneThread()
    {
        var records = Mixed(6_000);
        // Independent count: the distinct valid event ids are accepted, their repeats are duplicates.
        var eventIds = MixedRun.EventIds(records);

        using var one = new MixedRun();
        using var four = new MixedRun();
        var serial = await one.ProcessAsync(records, new StreamOptions { Parallelism = 1, MaxBatchRecords = 100_000 });
        var parallel = await four.ProcessAsync(records, new StreamOptions { Parallelism = 4, MaxBatchRecords = 100_000 });

        serial.Batches.ShouldBe(1);
        parallel.Batches.ShouldBe(1);
        serial.Bronze.Count(r => r.Kind == "events").ShouldBe(eventIds.Distinct(StringComparer.Ordinal).Count());
        serial.Accounting.Single(a => a.StartsWith("events ", StringComparison.Ordinal))
            .ShouldBe($"events {records.Count(r => r.Kind == "events")} {eventIds.Distinct(StringComparer.Ordinal).Count()} 60 {eventIds.Count - eventIds.Distinct(StringComparer.Ordinal).Count()}");
        serial.Late.ShouldBeGreaterThan(0);
        parallel.Bronze.ShouldBe(serial.Bronze);
        parallel.Accounting.ShouldBe(serial.Accounting);
        parallel.Quarantine.ShouldBe(serial.Quarantine);
        (parallel.OnTime, parallel.Late).ShouldBe((serial.OnTime, serial.Late));
        parallel.Store.ShouldBe(serial.Store);
    }
}
