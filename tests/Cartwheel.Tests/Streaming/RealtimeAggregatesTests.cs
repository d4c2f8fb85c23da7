using Cartwheel.Streaming;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

public sealed class RealtimeAggregatesTests : StreamFixture
{
    private static readonly string[] Types = ["page_view", "product_view", "add_to_cart", "checkout_started", "purchase", "search"];

    [Fact]
    public async Task Aggregates_OnTimeRecords_EqualLinqRecomputationAndSurviveCheckpointRestore()
    {
        var random = new Random(7);
        var events = new List<(string Id, string Session, string Type, DateTimeOffset Time, string Product, string Device)>();
        var time = T0;
        for (var i = 0; i < 1500; i++)
        {
            time = time.AddMilliseconds(random.Next(0, 1600));
            var jittered = time.AddMilliseconds(-random.Next(0, 5000)); // within the 10 s lateness
            events.Add(($"e{i}", $"s{random.Next(40)}", Types[random.Next(Types.Length)], jittered, $"p{random.Next(12)}", random.Next(2) == 0 ? "mobile" : "desktop"));
        }

        var orders = Enumerable.Range(0, 60).Select(i => (Id: $"o{i}", Time: events[i * 20].Time, Product: $"p{i % 7}", Quantity: 1 + (i % 3), Price: 9.99m + i)).ToList();
        // Stragglers minutes behind: still within the 30 min lateness, so on time.
        var stragglers = new[] { ("x1", "s1", "page_view", time.AddMinutes(-1), "p1", "desktop"), ("x2", "s2", "product_view", time.AddMinutes(-2), "p1", "desktop") };
        await AppendAsync(events.Select(e => ("events", (string?)null, Event(e.Id, e.Session, e.Type, e.Time, e.Product, e.Device)))
            .Concat(orders.Select(o => ("orders", (string?)null, Order(o.Id, "completed", o.Time, o.Time, (o.Product, o.Quantity, o.Price, 0.5m)))))
            .OrderBy(r => r.Item3.Contains("\"order_id\"", StringComparison.Ordinal) ? 1 : 0).ToArray());
        await AppendAsync(stragglers.Select(e => ("events", (string?)null, Event(e.Item1, e.Item2, e.Item3, e.Item4, e.Item5))).ToArray());
        events.AddRange(stragglers);
        var processor = NewProcessor(new StreamOptions { MaxBatchRecords = 400, AllowedLateness = TimeSpan.FromMinutes(30) });
        await DrainAsync(processor);

        var summary = processor.Queries.Summary();
        var newest = events.Max(e => e.Time);
        (summary.EventsLastHour, summary.OrdersLastHour, summary.LateEventsTotal).ShouldBe((1502L, 60L, 0L));
        summary.RevenueLastHour.ShouldBe(orders.Sum(o => (o.Quantity * o.Price) - 0.5m));
        // Active: a click event in the newest event's minute or the 4 before it (decision 69).
        (summary.ActiveSessions, summary.ActiveSessionsApproximate).ShouldBe(
            (events.Where(e => Minute(e.Time) > Minute(newest).AddMinutes(-5)).Select(e => e.Session).Distinct().Count(), false));
        processor.Queries.TopProducts(TopProductsBy.Views, 3).Select(r => (r.ProductId, r.Value)).ShouldBe(
            events.Where(e => e.Type == "product_view")
                .GroupBy(e => e.Product).Select(g => (g.Key, (decimal)g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3));
        processor.Queries.Funnel(device: "mobile").Steps.Select(s => s.Sessions).ShouldBe(
            RealtimeKeys.FunnelSteps.Select(step => (long)events.Where(e => e.Type == step && e.Device == "mobile").Select(e => e.Session).Distinct().Count()));
        processor.Queries.TimeSeries(RealtimeMetrics.EventsOfType("purchase")).Where(p => p.Value > 0).Select(p => (p.Start, p.Value)).ShouldBe(
            events.Where(e => e.Type == "purchase").GroupBy(e => Minute(e.Time)).OrderBy(g => g.Key).Select(g => (g.Key, (decimal)g.Count())));

        var restored = NewProcessor(new StreamOptions { MaxBatchRecords = 400, AllowedLateness = TimeSpan.FromMinutes(30) }, new MemoryRealtimeStore());
        processor.Dispose();
        (await restored.ProcessBatchAsync(Token)).BatchId.ShouldBeNull();
        restored.Queries.Summary().ShouldBe(summary);
        restored.Queries.TopProducts(TopProductsBy.Revenue).ShouldBe(processor.Queries.TopProducts(TopProductsBy.Revenue));
        restored.Queries.Funnel().Steps.ShouldBe(processor.Queries.Funnel().Steps);
    }

    [Fact]
    public async Task Aggregates_RecordsBehindWatermark_CountedLateNotAddedButInBronze()
    {
        await AppendAsync(
            ("events", null, Event("e1", "s1", "page_view", T0)),
            ("events", null, Event("e2", "s1", "page_view", T0.AddMinutes(5))),
            ("events", null, Event("e3", "s1", "page_view", T0.AddMinutes(5).AddSeconds(-20))),
            ("events", null, Event("e4", "s1", "page_view", T0.AddMinutes(5).AddSeconds(-5))));
        var processor = NewProcessor();

        var batch = (await DrainAsync(processor)).ShouldHaveSingleItem();

        (batch.OnTime, batch.Late).ShouldBe((3L, 1L));
        var summary = processor.Queries.Summary();
        (summary.EventsLastHour, summary.LateEventsTotal, summary.Watermark).ShouldBe((3L, 1L, T0.AddMinutes(5).AddSeconds(-10)));
        ReadBronze("events").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Aggregates_ThreeHoursOfEvents_WindowsExpireAndStateStaysBounded()
    {
        await AppendAsync(Enumerable.Range(0, 1080).Select(i => ("events", (string?)null, Event($"e{i}", $"s{i % 50}", "product_view", T0.AddSeconds(i * 10), $"p{i % 20}"))).ToArray());
        var store = new MemoryRealtimeStore();
        var processor = NewProcessor(new StreamOptions { MaxBatchRecords = 100 }, store);

        await DrainAsync(processor);

        var newest = T0.AddSeconds(1079 * 10);
        var series = processor.Queries.TimeSeries(RealtimeMetrics.Events);
        series[0].Start.ShouldBeGreaterThanOrEqualTo(newest.AddHours(-1).AddSeconds(-10).AddMinutes(-2));
        series.Count.ShouldBeLessThanOrEqualTo(62);
        processor.Queries.Summary().EventsLastHour.ShouldBe(360); // 12:00 + 2 h onwards: i >= 720
        // Per minute: 2 counters, ≤ 6 product views, ≤ 6 funnel members, 1 session sketch, 1 index entry; plus the totals.
        store.Export().CountEntries().Entries.ShouldBeLessThanOrEqualTo((62 * 16) + 5);
    }

    [Fact]
    public async Task Alerts_LowStockAndOrdersDrop_RaisedAndCleared()
    {
        await AppendAsync(
            ("inventory", null, Inventory("i1", "p1", "w1", 50, T0)),
            ("inventory", null, Inventory("i2", "p1", "w2", 5, T0.AddSeconds(1))),
            ("inventory", null, Inventory("i3", "p1", "w1", 3, T0.AddSeconds(2))),
            ("inventory", null, Inventory("i4", "p2", "w1", 60, T0.AddSeconds(3))));
        var options = new StreamOptions { LowStockThresholds = new Dictionary<string, int> { ["p2"] = 100 } };
        var processor = NewProcessor(options);
        await DrainAsync(processor);
        processor.Queries.Alerts().Select(a => (a.Kind, a.Subject, a.Since)).ShouldBe(
            [(RealtimeAlert.LowStock, "p1", T0.AddSeconds(2)), (RealtimeAlert.LowStock, "p2", T0.AddSeconds(3))]);

        // 15 minutes of 10 orders/min, then a minute with 2, then time moves on past that minute's end.
        var records = new List<(string, string?, string)> { ("inventory", null, Inventory("i5", "p1", "w1", 40, T0.AddSeconds(4))) };
        for (var m = 0; m < 16; m++)
        {
            for (var k = 0; k < (m < 15 ? 10 : 2); k++)
            {
                var at = T0.AddMinutes(m).AddSeconds(5 + k);
                records.Add(("orders", null, Order($"o{m}-{k}", "completed", at, at, ("p9", 1, 1m, 0m))));
            }
        }

        records.Add(("events", null, Event("tick", "s1", "page_view", T0.AddMinutes(16).AddSeconds(30))));
        await AppendAsync(records.ToArray());
        await DrainAsync(processor);

        processor.Queries.Alerts().Select(a => (a.Kind, a.Subject)).ShouldBe(
            [(RealtimeAlert.LowStock, "p2"), (RealtimeAlert.OrdersDrop, "202403011215")]);
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
