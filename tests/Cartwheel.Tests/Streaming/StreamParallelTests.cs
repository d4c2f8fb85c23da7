using System.Globalization;
using Cartwheel.Streaming;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// The records of a micro-batch are checked on several threads (<see cref="StreamOptions.Parallelism"/>); everything
/// that depends on order (dedup, accounting, watermark, windows) must come out exactly as with one thread.
/// </summary>
public sealed class StreamParallelTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessBatch_ParallelChecking_SameBronzeAccountingAndAggregatesAsOneThread()
    {
        var records = Mixed(6_000);
        // Independent count: the distinct valid event ids are accepted, their repeats are duplicates.
        var eventIds = records.Where(r => r.Kind == "events" && r.Json.StartsWith("{\"event_id\"", StringComparison.Ordinal) && r.Json.EndsWith('}'))
            .Select(r => r.Json[13..r.Json.IndexOf('"', 13)]).ToList();

        using var one = new Run();
        using var four = new Run();
        var serial = await one.ProcessAsync(records, 1);
        var parallel = await four.ProcessAsync(records, 4);

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

    private sealed record Outcome(
        int Batches, long OnTime, long Late, List<(string Kind, string? Id, string Source, long Line)> Bronze, List<string> Accounting, List<string> Quarantine, List<string> Store);

    private sealed class Run : StreamFixture
    {
        public async Task<Outcome> ProcessAsync(List<(string Kind, string Key, string Json)> records, int parallelism)
        {
            await AppendAsync(records.Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray());
            var store = new MemoryRealtimeStore();
            var processor = NewProcessor(new StreamOptions { Parallelism = parallelism, MaxBatchRecords = 100_000 }, store);
            var batches = await DrainAsync(processor);
            var bronze = new[] { "events", "orders", "users", "inventory" }
                .SelectMany(kind => ReadBronze(kind).Select(r => (kind, r.RecordId, r.Source, r.Line))).ToList();
            var accounting = Catalog.ListBatches("stream").Select(b => $"{b.Kind} {b.Received} {b.Accepted} {b.Quarantined} {b.Duplicates}")
                .Order(StringComparer.Ordinal).ToList();
            var quarantine = Catalog.ListQuarantineCounts("stream").Select(q => $"{q.Kind} {q.Reason} {q.Count}").Order(StringComparer.Ordinal).ToList();
            return new Outcome(batches.Count, batches.Sum(b => b.OnTime), batches.Sum(b => b.Late), bronze, accounting, quarantine, StoreState(store));
        }
    }
}
