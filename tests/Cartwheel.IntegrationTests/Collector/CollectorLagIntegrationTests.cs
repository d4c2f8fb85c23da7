using System.Net;
using System.Text.Json;
using Cartwheel.Server.Collector;
using Cartwheel.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>
/// Back-pressure on the stream's lag over real HTTP. The server's stream service is off and the test cuts the
/// micro-batches itself, on the server's fake clock, so the lag (records and age) is exactly what the test made it.
/// </summary>
public sealed class CollectorLagIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_StreamLagging_WaitsThen429StreamLaggingWithRetryAfter_NothingAppended()
    {
        await using var server = await StartAsync(minRecords: 3, wait: "00:00:01");
        var processor = server.Services.GetRequiredService<StreamProcessor>();
        (await processor.ProcessBatchAsync(Token)).Received.ShouldBe(0);

        (await PostAsync(server, "m-1", "m-2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        // Two unprocessed records, older than MaxStreamLag, are under MinStreamLagRecords: accepted.
        (await PostAsync(server, "m-3", "m-4")).StatusCode.ShouldBe(HttpStatusCode.OK);
        processor.Lag().ShouldBe(new StreamLag(4, TimeSpan.FromSeconds(2)));

        var started = TimeProvider.System.GetTimestamp();
        using var refused = await PostAsync(server, "m-5");

        TimeProvider.System.GetElapsedTime(started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        var problem = JsonElement.Parse(await refused.Content.ReadAsStringAsync(Token));
        problem.GetProperty("code").GetString().ShouldBe(StreamLagGate.Code);
        (await server.ReadLogAsync()).Select(r => JsonElement.Parse(r.Payload.Span).GetProperty("event_id").GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(["m-1", "m-2", "m-3", "m-4"]);
    }

    [Fact]
    public async Task Batch_LagFallsWhileWaiting_Accepted()
    {
        await using var server = await StartAsync(minRecords: 1, wait: "00:00:30");
        var processor = server.Services.GetRequiredService<StreamProcessor>();
        await processor.ProcessBatchAsync(Token);
        (await PostAsync(server, "m-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Clock.Advance(TimeSpan.FromSeconds(2));

        var waiting = PostAsync(server, "m-2");
        await Task.Delay(200, Token);
        waiting.IsCompleted.ShouldBeFalse();
        (await processor.ProcessBatchAsync(Token)).Accepted.ShouldBe(1);
        using var accepted = await waiting;

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        processor.Lag().ShouldBe(new StreamLag(1, TimeSpan.Zero));
        (await processor.ProcessBatchAsync(Token)).Accepted.ShouldBe(1);
        processor.Lag().ShouldBe(default);
    }

    private static Task<CollectorServer> StartAsync(int minRecords, string wait) => CollectorServer.StartAsync(new()
    {
        ["Cartwheel:Collector:MinStreamLagRecords"] = minRecords.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cartwheel:Collector:StreamLagWait"] = wait,
    });

    private static Task<HttpResponseMessage> PostAsync(CollectorServer server, params string[] messageIds) =>
        server.PostAsync("/v1/batch", SegmentBatches.Batch(messageIds.Select(id => SegmentBatches.Track(id, "Product Viewed")).ToArray()));
}
