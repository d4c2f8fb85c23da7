using System.Net;
using System.Text.Json;

namespace Cartwheel.IntegrationTests.Realtime;

/// <summary>The real-time API over real HTTP on loopback, after known events went through the collector, the log and the stream.</summary>
public sealed class RealtimeApiIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summary_ThreeCompletedOrders_ExactRevenueOrdersAndEvents()
    {
        await using var server = await RealtimeServer.StartAsync();
        await server.PostBatchAsync(RealtimeServer.ThreeOrders());

        // Aggregates are visible as soon as the batch commits; its metrics follow a moment later.
        var summary = await server.WaitForSummaryAsync(s => s.GetProperty("orders_last_hour").GetInt64() == 3 && s.GetProperty("batches_total").GetInt64() >= 1);

        summary.GetProperty("revenue_last_hour").GetDecimal().ShouldBe(123.45m);
        summary.GetProperty("events_last_hour").GetInt64().ShouldBe(4); // 1 product view + 3 purchase clicks
        summary.GetProperty("active_sessions").GetInt64().ShouldBe(3);
        summary.GetProperty("active_sessions_approximate").GetBoolean().ShouldBeFalse();
        summary.GetProperty("late_events_total").GetInt64().ShouldBe(0);
        summary.GetProperty("quarantined_total").GetInt64().ShouldBe(0);
        summary.GetProperty("duplicates_total").GetInt64().ShouldBe(0);
        (summary.GetProperty("newest_event_time").GetDateTimeOffset() - summary.GetProperty("watermark").GetDateTimeOffset()).ShouldBe(TimeSpan.FromSeconds(10));
        summary.GetProperty("batches_total").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        summary.GetProperty("log_lag").GetInt64().ShouldBe(0);
        summary.GetProperty("last_batch_latency_ms").GetDouble().ShouldBeGreaterThan(0);
        summary.GetProperty("ingest_rate").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Summary_SameBatchPostedTwice_DuplicatesCountedNotAdded()
    {
        await using var server = await RealtimeServer.StartAsync();
        var messages = RealtimeServer.ThreeOrders();
        await server.PostBatchAsync(messages);
        await server.WaitForSummaryAsync(s => s.GetProperty("orders_last_hour").GetInt64() == 3);
        // A client's retry: 4 click events + 3 order versions again, with the same ids and times.
        await server.PostBatchAsync([.. messages.Select(m => m.DeepClone().AsObject())]);

        var summary = await server.WaitForSummaryAsync(s => s.GetProperty("duplicates_total").GetInt64() == 7);

        summary.GetProperty("revenue_last_hour").GetDecimal().ShouldBe(123.45m);
        summary.GetProperty("orders_last_hour").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task TopProductsFunnelTimeSeries_AfterOrders_ExactRankingsAndSteps()
    {
        await using var server = await RealtimeServer.StartAsync();
        await server.PostBatchAsync(RealtimeServer.ThreeOrders());
        await server.WaitForSummaryAsync(s => s.GetProperty("orders_last_hour").GetInt64() == 3);

        var byRevenue = await server.GetJsonAsync("/api/v1/realtime/top-products?by=revenue&n=2");
        byRevenue.GetProperty("by").GetString().ShouldBe("revenue");
        byRevenue.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("product_id").GetString(), p.GetProperty("value").GetDecimal()))
            .ShouldBe([("P1", 100.00m), ("P2", 20.00m)]);
        var byViews = await server.GetJsonAsync("/api/v1/realtime/top-products?by=views");
        byViews.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("product_id").GetString(), p.GetProperty("value").GetDecimal()))
            .ShouldBe([("P1", 1m)]);

        var funnel = await server.GetJsonAsync("/api/v1/realtime/funnel?device=mobile&country=US");
        funnel.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("sessions").GetInt64()).ShouldBe([1L, 0L, 0L, 3L]);
        funnel.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("approximate").GetBoolean()).ShouldBe([false, false, false, false]);
        var elsewhere = await server.GetJsonAsync("/api/v1/realtime/funnel?country=DE");
        elsewhere.GetProperty("steps").EnumerateArray().Sum(s => s.GetProperty("sessions").GetInt64()).ShouldBe(0);

        var revenue = await server.GetJsonAsync("/api/v1/realtime/timeseries?metric=revenue&window=1m");
        revenue.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()).ShouldBe(123.45m);
        var purchases = await server.GetJsonAsync("/api/v1/realtime/timeseries?metric=events.purchase&window=5m");
        purchases.GetProperty("window").GetString().ShouldBe("5m");
        purchases.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()).ShouldBe(3m);
    }

    [Fact]
    public async Task Alerts_InventoryUnderThreshold_LowStockAlert()
    {
        await using var server = await RealtimeServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToString("O");
        await server.PostAsync("/api/v1/events/inventory",
            $$"""[{"update_id":"i1","product_id":"P9","warehouse_id":"W1","on_hand":4,"delta":-2,"reason":"sale","event_time":"{{now}}"}]""");
        await server.WaitForSummaryAsync(s => s.GetProperty("batches_total").GetInt64() >= 1);

        var alerts = (await server.GetJsonAsync("/api/v1/realtime/alerts")).GetProperty("alerts").EnumerateArray().ToList();

        alerts.Count.ShouldBe(1);
        alerts[0].GetProperty("kind").GetString().ShouldBe("low_stock");
        alerts[0].GetProperty("subject").GetString().ShouldBe("P9");
        alerts[0].GetProperty("detail").GetString().ShouldBe("on hand 4 < threshold 10");
    }

    [Theory]
    [InlineData("/api/v1/realtime/top-products?n=1000")]
    [InlineData("/api/v1/realtime/top-products?by=price")]
    [InlineData("/api/v1/realtime/timeseries?metric=profit")]
    [InlineData("/api/v1/realtime/timeseries?metric=revenue&window=90m")]
    [InlineData("/api/v1/realtime/timeseries?metric=revenue&window=10s")]
    public async Task Get_ValueOutOfBounds_400ProblemInvalidArgument(string path)
    {
        await using var server = await RealtimeServer.StartAsync();

        using var response = await server.Client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("code").GetString().ShouldBe("api.invalid_argument");
    }

    [Fact]
    public async Task Get_OverTheAddressRate_429ApiRateLimited()
    {
        await using var server = await RealtimeServer.StartAsync(new() { ["Cartwheel:Api:RequestsPerSecond"] = "1", ["Cartwheel:Api:Burst"] = "2" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.Client.GetAsync("/api/v1/realtime/summary", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter!.ToString().ShouldBe("1");
                (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("api.rate_limited");
            }
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }
}
