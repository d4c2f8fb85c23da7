using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>The collector over real HTTP: acknowledgement, auth, per-event errors, limits, gzip.</summary>
public sealed class CollectorIntegrationTests : IAsyncLifetime
{
    private CollectorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await CollectorServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Batch_Accepted_LogHoldsTheMappedContractExactly()
    {
        var body = SegmentBatches.Batch(SegmentBatches.Track("m-1", "Product Viewed", new JsonObject { ["product_id"] = "p-9", ["price"] = 12.5 }));

        using var response = await _server.PostAsync("/v1/batch", body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"success":true}""");
        var record = (await _server.ReadLogAsync()).ShouldHaveSingleItem();
        record.Kind.ShouldBe("events");
        record.Key.ShouldBe("u1");
        var expected = new ClickEvent("m-1", "anon-1", "u1", "anon-1", ClickEventType.ProductView, "p-9", "https://shop.example/p/1",
            "https://search.example/", "news", "email", "spring", DeviceType.Mobile, "iOS", "US", "CA", "203.0.113.9",
            DateTimeOffset.Parse("2024-03-01T11:59:59.500Z"), CollectorServer.Now, JsonElement.Parse("""{"product_id":"p-9","price":12.5}"""));
        Encoding.UTF8.GetString(record.Payload.Span).ShouldBe(JsonSerializer.Serialize(expected, ContractsJsonContext.Default.ClickEvent));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Batch_MissingOrWrongWriteKey_401Problem_NothingLogged(string? key)
    {
        using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(SegmentBatches.Track("m-1", "Product Viewed")), key);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("collector.unauthorized");
        (await _server.ReadLogAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Batch_WriteKeyInBody_Accepted()
    {
        var body = JsonNode.Parse(SegmentBatches.Batch(SegmentBatches.Track("m-1", "Product Viewed")))!.AsObject();
        body["writeKey"] = CollectorServer.WriteKey;

        using var response = await _server.PostAsync("/v1/batch", body.ToJsonString(), key: null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _server.ReadLogAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Batch_BrokenJsonInThirdEvent_400WithIndex2_NothingLogged()
    {
        var good = SegmentBatches.Track("m-1", "Product Viewed").ToJsonString();
        var body = $$"""{"batch":[{{good}},{{good}},{"type":"track","event":},{{good}}],"sentAt":"{{SegmentBatches.SentAt}}"}""";

        using var response = await _server.PostAsync("/v1/batch", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("index").GetInt32().ShouldBe(2);
        problem.GetProperty("code").GetString().ShouldBe("collector.invalid_json");
        (await _server.ReadLogAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/v1/batch", "event")]
    [InlineData("/v1/batch", "property")]
    [InlineData("/v1/batch", "key")]
    [InlineData("/v1/track", "event")]
    [InlineData("/v1/track", "property")]
    [InlineData("/api/v1/events/events", "property")]
    [InlineData("/api/v1/events/events", "key")]
    public async Task LoneSurrogateEscape_400InvalidJsonWithItsIndex_NothingLogged(string path, string where)
    {
        // "\ud800" is well-formed JSON text but no valid UTF-16: a string cannot be made of it.
        const string bad = "\\ud800";
        var good = SegmentBatches.Track("m-1", "Product Viewed").ToJsonString();
        var message = where switch
        {
            "event" => $$$"""{"type":"track","messageId":"m-2","anonymousId":"a-1","event":"Product {{{bad}}}"}""",
            "property" => path.StartsWith("/api/", StringComparison.Ordinal)
                ? $$$"""{"event_id":"e-2","session_id":"s1","user_id":null,"anonymous_id":"a1","event_type":"search","product_id":null,"page_url":"/{{{bad}}}","referrer":null,"utm_source":null,"utm_medium":null,"utm_campaign":null,"device":"desktop","os":null,"country":"DE","state":null,"ip":null,"event_time":"2024-03-01T10:00:00.000Z","ingestion_time":"2020-01-01T00:00:00.000Z","properties":{"query":"shoes"}}"""
                : $$$"""{"type":"track","messageId":"m-2","anonymousId":"a-1","event":"Product Viewed","properties":{"product_id":"P{{{bad}}}"}}""",
            _ => path.StartsWith("/api/", StringComparison.Ordinal)
                ? $$$"""{"event_id":"e-2","session_id":"s1","user_id":null,"anonymous_id":"a1","event_type":"search","product_id":null,"page_url":"/s","referrer":null,"utm_source":null,"utm_medium":null,"utm_campaign":null,"device":"desktop","os":null,"country":"DE","state":null,"ip":null,"event_time":"2024-03-01T10:00:00.000Z","ingestion_time":"2020-01-01T00:00:00.000Z","properties":{"x{{{bad}}}":1}}"""
                : $$$"""{"type":"track","messageId":"m-2","anonymousId":"a-1","event":"Product Viewed","properties":{"k{{{bad}}}":1}}""",
        };
        var body = path switch
        {
            "/v1/batch" => $$$"""{"batch":[{{{good}}},{{{message}}}]}""",
            "/v1/track" => message,
            _ => $$$"""[{"event_id":"e-1","session_id":"s1","user_id":null,"anonymous_id":"a1","event_type":"search","product_id":null,"page_url":"/s","referrer":null,"utm_source":null,"utm_medium":null,"utm_campaign":null,"device":"desktop","os":null,"country":"DE","state":null,"ip":null,"event_time":"2024-03-01T10:00:00.000Z","ingestion_time":"2020-01-01T00:00:00.000Z","properties":{"query":"shoes"}},{{{message}}}]""",
        };

        using var response = await _server.PostAsync(path, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var problem = await ProblemAsync(response);
        problem.GetProperty("index").GetInt32().ShouldBe(path == "/v1/track" ? 0 : 1);
        problem.GetProperty("code").GetString().ShouldBe("collector.invalid_json");
        (await _server.ReadLogAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Batch_EventWithoutAnyId_400WithItsIndex()
    {
        using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(
            SegmentBatches.Track("m-1", "Product Viewed"), new JsonObject { ["type"] = "track", ["event"] = "Product Viewed", ["messageId"] = "m-2" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("index").GetInt32().ShouldBe(1);
        problem.GetProperty("code").GetString().ShouldBe("collector.invalid_event");
    }

    [Fact]
    public async Task Batch_Over500KB_413()
    {
        var messages = Enumerable.Range(0, 60).Select(i => (JsonNode)SegmentBatches.Track($"m-{i}", "Product Viewed",
            new JsonObject { ["pad"] = new string('x', 9_000) })).ToArray();

        using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(messages));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("collector.batch_too_large");
    }

    [Fact]
    public async Task Batch_EventOver32KB_400WithIndex()
    {
        using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(
            SegmentBatches.Track("m-0", "Product Viewed"), SegmentBatches.Track("m-1", "Product Viewed", new JsonObject { ["pad"] = new string('x', 33_000) })));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("index").GetInt32().ShouldBe(1);
        problem.GetProperty("code").GetString().ShouldBe("collector.event_too_large");
    }

    [Fact]
    public async Task Native_GzipNdjson_AcceptedWithReceiveTimeAsIngestionTime()
    {
        var ndjson = string.Join('\n', Enumerable.Range(0, 3).Select(i =>
            $$$"""{"event_id":"e{{{i}}}","session_id":"s1","user_id":null,"anonymous_id":"a1","event_type":"search","product_id":null,"page_url":"/s","referrer":null,"utm_source":null,"utm_medium":null,"utm_campaign":null,"device":"desktop","os":null,"country":"DE","state":null,"ip":null,"event_time":"2024-03-01T10:00:0{{{i}}}.000Z","ingestion_time":"2020-01-01T00:00:00.000Z","properties":{"query":"shoes"}}"""));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(ndjson), TestContext.Current.CancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events/events") { Content = new ByteArrayContent(compressed.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = CollectorServer.Basic(CollectorServer.WriteKey);
        using var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var records = await _server.ReadLogAsync();
        records.Select(r => r.Key).ShouldBe(["a1", "a1", "a1"]);
        var events = records.Select(r => JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.ClickEvent)!).ToList();
        events.Select(e => e.EventId).ShouldBe(["e0", "e1", "e2"]);
        events.ShouldAllBe(e => e.IngestionTime == CollectorServer.Now);
    }

    [Fact]
    public async Task Native_BadRecordInArray_400WithIndex_UnknownKind404()
    {
        using var bad = await _server.PostAsync("/api/v1/events/orders", """[{"order_id":"o1","user_id":"u1","items":[],"created_at":"2024-03-01T10:00:00Z","updated_at":"2024-03-01T10:00:00Z"},{"order_id":"o2","user_id":"u1","items":"nope"}]""");
        using var unknown = await _server.PostAsync("/api/v1/events/widgets", "[]");

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(bad)).GetProperty("index").GetInt32().ShouldBe(1);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("products", """{"product_id":"p1","name":"Mug","category":"home","price":3.5,"is_active":true}""", "updated_at' is required")]
    [InlineData("inventory", """{"update_id":"i1","product_id":"p1","warehouse_id":"w1","on_hand":3,"delta":-1,"reason":"sale"}""", "event_time' is required")]
    [InlineData("inventory", """{"update_id":"i1","product_id":"p1","warehouse_id":"w1","on_hand":3,"delta":-1,"reason":"sale","event_time":"1999-12-31T00:00:00Z"}""", "implausible")]
    public async Task Native_MissingOrImplausiblePlacingTime_400AndNothingLogged(string kind, string record, string message)
    {
        using var response = await _server.PostAsync($"/api/v1/events/{kind}", $"[{record}]");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("index").GetInt32().ShouldBe(0);
        problem.GetRawText().ShouldContain(message);
        (await _server.ReadLogAsync()).ShouldBeEmpty();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
}
