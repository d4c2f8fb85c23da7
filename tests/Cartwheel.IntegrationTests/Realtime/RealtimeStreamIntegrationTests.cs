using System.Text.Json;
using Cartwheel.Log;

namespace Cartwheel.IntegrationTests.Realtime;

/// <summary><c>/metrics</c> and the SSE stream, over real HTTP on loopback.</summary>
public sealed class RealtimeStreamIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterOrdersAndARetry_ExactCountersAndNamedSeries()
    {
        await using var server = await RealtimeServer.StartAsync();
        var messages = RealtimeServer.ThreeOrders();
        await server.PostBatchAsync(messages);
        await server.WaitForSummaryAsync(s => s.GetProperty("orders_last_hour").GetInt64() == 3);
        await server.PostBatchAsync([.. messages.Select(m => m.DeepClone().AsObject())]);

        // The lag is a gauge read at scrape time, the counters move when a batch is recorded, and a scrape reads the series
        // one after the other (a batch recorded during a scrape can show in a later series and not in an earlier one): wait
        // until one scrape shows every counter of the retry and the log drained (each exactly; a count that is never
        // reached, or a lag that never returns to 0, still fails at the deadline).
        var lines = await MetricsWhenAsync(server,
            "cartwheel_stream_events_ingested_total{source=\"log\",kind=\"events\"} 8",
            "cartwheel_stream_events_ingested_total{source=\"log\",kind=\"orders\"} 6",
            "cartwheel_stream_duplicates_dropped_total 7",
            "cartwheel_stream_log_lag 0");

        lines.ShouldContain("cartwheel_stream_late_events_total 0");
        lines.ShouldContain("cartwheel_stream_log_lag 0");
        lines.ShouldContain("cartwheel_stream_accounting_mismatches_total 0");
        Value(lines, "cartwheel_stream_batch_duration_seconds_count").ShouldBeGreaterThanOrEqualTo(2);
        Value(lines, "cartwheel_stream_event_to_aggregate_latency_seconds_count").ShouldBeGreaterThanOrEqualTo(2);
        lines.ShouldContain(l => l.StartsWith("cartwheel_stream_event_to_aggregate_latency_seconds_bucket{le=\"+Inf\"}", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("http_requests_received_total{code=\"200\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/api/v1/realtime/summary\"}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_AQuarantinedRecord_CountedByReason()
    {
        await using var server = await RealtimeServer.StartAsync();
        // The collector refuses invalid input, so the record the stream quarantines is appended to the log directly.
        await server.Log.AppendAsync([new LogAppend("events", "u1", "{not json"u8.ToArray())], Ct);

        var lines = await MetricsWhenAsync(server, "cartwheel_stream_quarantined_total{reason=\"invalid_json\"} 1");

        lines.ShouldContain("cartwheel_stream_events_ingested_total{source=\"log\",kind=\"events\"} 1");
        (await server.GetJsonAsync("/api/v1/realtime/summary")).GetProperty("quarantined_total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Stream_PostAfterConnect_DeliversAnUpdateWithTheNewNumbers()
    {
        await using var server = await RealtimeServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/realtime/stream");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        var first = await NextUpdateAsync(reader, Ct);
        first.GetProperty("summary").GetProperty("orders_last_hour").GetInt64().ShouldBe(0);

        await server.PostBatchAsync(RealtimeServer.ThreeOrders());
        JsonElement update;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            do
            {
                update = await NextUpdateAsync(reader, timeout.Token);
            }
            while (update.GetProperty("summary").GetProperty("orders_last_hour").GetInt64() < 3);
        }

        update.GetProperty("version").GetInt64().ShouldBeGreaterThan(first.GetProperty("version").GetInt64());
        update.GetProperty("summary").GetProperty("revenue_last_hour").GetDecimal().ShouldBe(123.45m);
        update.GetProperty("revenue").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()).ShouldBe(123.45m);
        update.GetProperty("events_by_type").GetProperty("purchase").EnumerateArray().Sum(p => p.GetProperty("value").GetDecimal()).ShouldBe(3m);
        update.GetProperty("top_by_revenue")[0].GetProperty("product_id").GetString().ShouldBe("P1");
        update.GetProperty("funnel").GetProperty("steps")[3].GetProperty("sessions").GetInt64().ShouldBe(3);
    }

    /// <summary>Scrapes /metrics until it holds <paramref name="line"/> (the batch's metrics are recorded after its commit), or fails after 15 s.</summary>
    private static async Task<string[]> MetricsWhenAsync(RealtimeServer server, params string[] required)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await server.Client.GetAsync("/metrics", Ct);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
            var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n');
            if (required.All(lines.Contains))
            {
                return lines;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "/metrics never showed " + string.Join(" and ", required) + ":\n" + string.Join('\n', lines));
            await Task.Delay(25, Ct);
        }
    }

    /// <summary>Reads SSE lines up to the next <c>update</c> event and parses its data.</summary>
    private static async Task<JsonElement> NextUpdateAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventType = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "update")
            {
                return JsonDocument.Parse(line[6..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("The SSE stream ended.");
    }

    private static double Value(string[] lines, string series) =>
        double.Parse(lines.Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
