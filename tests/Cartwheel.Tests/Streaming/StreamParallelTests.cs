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
        var records = MixedRecords(6_000);
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

    /// <summary>
    /// Click events over 100 sessions and ~4 minutes with every 10th a repeat of an earlier id and every 50th late by
    /// a minute, every 100th invalid JSON, plus orders, profiles, stock updates and an unknown kind.
    /// </summary>
    private static List<(string Kind, string Key, string Json)> MixedRecords(int count)
    {
        var records = new List<(string Kind, string Key, string Json)>();
        string[] types = ["page_view", "product_view", "add_to_cart", "checkout_started", "purchase"];
        for (var i = 0; i < count; i++)
        {
            var user = "u" + (i % 37).ToString(CultureInfo.InvariantCulture);
            var time = T0.AddMilliseconds(i * 40L) - (i % 50 == 49 ? TimeSpan.FromMinutes(1) : TimeSpan.Zero);
            var id = i % 10 == 9 ? "e" + (i / 2).ToString(CultureInfo.InvariantCulture) : "e" + i.ToString(CultureInfo.InvariantCulture);
            var json = i % 100 == 99
                ? """{"event_id":"bad","event_time":"""
                : Event(id, "s" + (i % 100).ToString(CultureInfo.InvariantCulture), types[i % types.Length], time, "p" + (i % 13).ToString(CultureInfo.InvariantCulture),
                    i % 3 == 0 ? "mobile" : "desktop", i % 4 == 0 ? "DE" : "US");
            records.Add(("events", user, json));
            if (i % 200 == 0)
            {
                records.Add(("orders", user, Order("o" + i.ToString(CultureInfo.InvariantCulture), "completed", time, time, ("p1", 2, 9.99m, 1m))));
                records.Add(("users", user, User(user, new DateOnly(2024, 3, 1), time)));
                records.Add(("inventory", user, Inventory("i" + i.ToString(CultureInfo.InvariantCulture), "p" + (i % 13).ToString(CultureInfo.InvariantCulture), "w1", 5 + (i % 7), time)));
                records.Add(("widgets", user, """{"id":1}"""));
            }
        }

        return records;
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
            return new Outcome(batches.Count, batches.Sum(b => b.OnTime), batches.Sum(b => b.Late), bronze, accounting, quarantine, Flatten(store.Export()));
        }

        private static List<string> Flatten(RealtimeStoreSnapshot snapshot) =>
            snapshot.Hashes.SelectMany(h => h.Value.Select(f => $"h {h.Key} {f.Key}={f.Value}"))
                .Concat(snapshot.SortedSets.SelectMany(z => z.Value.Select(m => $"z {z.Key} {m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}")))
                .Concat(snapshot.Sets.SelectMany(s => s.Value.Select(m => $"s {s.Key} {m}")))
                .Order(StringComparer.Ordinal).ToList();
    }
}
