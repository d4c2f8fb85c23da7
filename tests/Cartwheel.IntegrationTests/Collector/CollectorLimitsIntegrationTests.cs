using System.Net;
using System.Text.Json;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>Back-pressure (log full → 429 Retry-After) and the per-write-key rate limit, each on its own server.</summary>
public sealed class CollectorLimitsIntegrationTests
{
    [Fact]
    public async Task Batch_LogFull_429WithRetryAfter_AcceptedAgainAfterTruncate()
    {
        await using var server = await CollectorServer.StartAsync(new() { ["Cartwheel:Log:MaxRetainedRecords"] = "5" });
        var three = SegmentBatches.Batch(SegmentBatches.Track("m-1", "Product Viewed"), SegmentBatches.Track("m-2", "Product Viewed"), SegmentBatches.Track("m-3", "Product Viewed"));

        using var first = await server.PostAsync("/v1/batch", three);
        using var second = await server.PostAsync("/v1/batch", three);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        second.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        JsonElement.Parse(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).GetProperty("code").GetString().ShouldBe("log.full");
        (await server.ReadLogAsync()).Count.ShouldBe(3);
        for (var p = 0; p < server.Log.Partitions; p++)
        {
            await server.Log.TruncateAsync(p, server.Log.EndOffset(p), TestContext.Current.CancellationToken);
        }

        using var third = await server.PostAsync("/v1/batch", three);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Batch_OverRateLimitOfWriteKey_429RateLimited()
    {
        await using var server = await CollectorServer.StartAsync(new() { ["Cartwheel:Collector:RequestsPerSecond"] = "1", ["Cartwheel:Collector:Burst"] = "2" });
        var body = SegmentBatches.Batch(SegmentBatches.Track("m-1", "Product Viewed"));

        // The bucket refills one token a second: sent one after the other, the three requests could span a refill
        // when the first is slow (JIT, fsync on a loaded machine) and all pass. So the request path is warmed up
        // under another key (its own bucket; 401), then the three are sent at once and reach the limiter together.
        using (var warmUp = await server.PostAsync("/v1/batch", body, key: "another-key"))
        {
            warmUp.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => server.PostAsync("/v1/batch", body)));
        var statuses = responses.Select(r => r.StatusCode).Order().ToList();
        Array.ForEach(responses, r => r.Dispose());

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }
}
