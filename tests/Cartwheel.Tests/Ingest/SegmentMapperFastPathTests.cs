using System.Text.Json;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Tests.Ingest;

/// <summary>The collector's one-pass path writes exactly the bytes the contract mapping + serialisation writes, or declines.</summary>
public sealed class SegmentMapperFastPathTests
{
    private static readonly SegmentReceipt Receipt = new(DateTimeOffset.Parse("2024-03-01T10:00:02.345Z"), DateTimeOffset.Parse("2024-03-01T10:00:01Z"), "198.51.100.1");
    private static readonly SegmentReceipt BareReceipt = new(DateTimeOffset.Parse("2024-03-01T10:00:02.345Z"), null, null);
    private readonly SegmentMapper _mapper = new(new SegmentEventMap(new Dictionary<string, Contracts.ClickEventType> { ["Wishlist Added"] = Contracts.ClickEventType.AddToCart }));

    public static TheoryData<string> Simple => new()
    {
        """{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m1","timestamp":"2024-03-01T10:00:00Z","properties":{"product_id":"p1","price":12.50}}""",
        """{"type":"track","event":"product_added","anonymousId":"a1","timestamp":"2024-03-01T10:00:00.123+02:00","sentAt":"2024-03-01T10:00:05Z","properties":{"sku":"s-9","quantity":2}}""",
        """{"type":"track","event":"Products Searched","userId":"u1","anonymousId":"a1","messageId":"m2","originalTimestamp":"2024-03-01T09:00:00Z","properties":{"query":"red shoes <b> & 'more' \"quoted\" é ✓","url":"https://x.test/s?q=a+b"}}""",
        """
            { "type" : "TRACK", "event" : "Checkout Started", "userId" : 42, "messageId" : 7, "timestamp" : "2024-03-01T10:00:00Z",
            "properties" : { "session_id" : "s1", "products" : [ {"product_id":"a","price":1e2}, null, true, false, -0.5 ], "nested": {"a": {"b": [1, "\u00e9\ud83d\ude00"]}} },
            "context" : { "sessionId" : "cs", "ip" : "203.0.113.9", "userAgent" : "Mozilla/5.0 (iPhone) Mobile", "os" : {"name":"iOS"},
            "location" : {"country":"FR","region":"IDF"}, "page" : {"url":"https://x.test/p","referrer":"https://r.test"},
            "campaign" : {"source":"news","medium":"email","name":"spring"}, "device": {"type":"TABLET"} } }
            """,
        """{"type":"track","event":"Wishlist Added","userId":"u1","timestamp":"2024-03-01T10:00:00Z","properties":{"product_id":5}}""",
        """{"type":"track","event":"Video Played","userId":"u1","messageId":"m3","timestamp":"2024-03-01T10:00:00Z","properties":{"title":"A  b\tc","length":12}}""",
        """{"type":"track","event":"Video Played","userId":"u1","messageId":"m3","timestamp":"2024-03-01T10:00:00Z"}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m4","timestamp":"2024-03-01T10:00:00Z","properties":null}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m4","timestamp":"2024-03-01T10:00:00Z","properties":"text"}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m4","timestamp":"","sentAt":null,"properties":[1,2]}""",
        """{"type":"page","userId":"u1","messageId":"m5","timestamp":"2024-03-01T10:00:00Z","properties":{"url":"https://x.test/","product_id":"ignored","referrer":""},"context":{"session_id":"cs2","page":{"referrer":"https://r.test"}}}""",
        """{"type":"screen","anonymousId":"a1","context":{"device":{"type":"android"},"ip":null,"location":5},"properties":{"session_id":"ps"}}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","messageId":"first","messageId":"m7","context":{"ip":"1.1.1.1","os":{"name":"x"}},"context":{"campaign":{"source":"s"}},"properties":{"product_id":"p1"},"properties":{"sku":"p2"}}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","context":{"page":{"url":"a"},"page":"b","userAgent":"iPad"},"properties":{"product_id":{"id":1},"url":true}}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","properties":{"product_id":"p\u0031","name":"caf\u00e9 \/ x"},"context":{"userAgent":"Android Tablet"}}""",
        // Names and agents with spaces (plain ASCII, read from the bytes): trimmed, '_' as ' ', any case; unknown with two spaces.
        """{"type":"track","event":" PRODUCT_viewed ","userId":"u 1","messageId":"m 9","context":{"userAgent":"Mozilla/5.0 (iPad; CPU OS) Safari","device":{"type":"Phone"}},"properties":{"product_id":"p 1"}}""",
        """{"type":"track","event":"wishlist_added ","userId":"u1","context":{"userAgent":"Mozilla/5.0 (Linux; Android) Mobile Safari"}}""",
        """{"type":"track","event":"Completed  Order","userId":"u1","context":{"userAgent":"Tablet","device":{"type":"tv"}}}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","context":{"userAgent":"Mozilla/5.0 (iPhone) é","device":{"type":"IOS"}}}""",
        // Copied fields of every kind: plain ASCII (copied as bytes), characters the encoder escapes, non-ASCII, numbers, escapes.
        """{"type":"page","userId":"u1","messageId":"m\"8","context":{"sessionId":12.5e+3,"ip":"a'b","location":{"country":"Réunion","region":"<R>"},"campaign":{"source":"x&y","medium":"a`b","name":"\u0041"},"os":{"name":"\ud83d\ude00"}},"properties":{"url":"/p?a=1+2","referrer":"https://r.test/ok"}}""",
    };

    public static TheoryData<string> Declined => new()
    {
        """{"type":"track","event":"Order Completed","userId":"u1","properties":{"order_id":"o1"}}""",
        """{"type":"track","event":"order_refunded","userId":"u1","properties":{"order_id":"o1"}}""",
        """{"type":"track","event":" ORDER_completed ","userId":"u1","properties":{"order_id":"o1"}}""",
        """{"type":"identify","userId":"u1","traits":{"email":"a@b.c"}}""",
        """{"type":"group","userId":"u1"}""",
        """{"type":"alias","userId":"u1"}""",
        """{"type":"track","userId":"u1"}""",
        """{"type":"track","event":"Product Viewed"}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","timestamp":"yesterday"}""",
        """{"type":"track","event":"Product Viewed","userId":"u1","timestamp":"2024-03-01T10:00:00Z","sentAt":"later"}""",
        """{"type":"unknown","userId":"u1"}""",
        """{"userId":"u1"}""",
        """{"event":"Product Viewed","userId":"u1","messageId":"m6","timestamp":"2024-03-01T10:00:00Z"}""",
        """[1,2]""",
        """{"type":"track","event":"Product Viewed","userId":"u1"} 5""",
        """{"type":"track","event":"Product Viewed","userId":"u1",""",
    };

    [Theory]
    [MemberData(nameof(Simple))]
    public void SimpleMessage_SameBytesAndKeyAsTheContractMapping(string json)
    {
        foreach (var receipt in new[] { Receipt, BareReceipt })
        {
            var (fast, key) = Fast(json, receipt, null).ShouldNotBeNull();
            var record = _mapper.Map(JsonDocument.Parse(json).RootElement, receipt).ShouldHaveSingleItem();

            // Without a messageId both paths draw a fresh UUIDv7 (NoMessageId_FreshEventIdLikeTheContractMapping).
            var random = !json.Contains("messageId", StringComparison.Ordinal);
            WithoutRandomId(fast, random).ShouldBe(WithoutRandomId(record.ToJson(), random));
            key.ShouldBe(record.Key);
        }
    }

    [Fact]
    public void SingleEndpoint_ImpliedTypeUsedWhenMessageHasNone()
    {
        const string json = """{"event":"Product Viewed","userId":"u1","messageId":"m6","timestamp":"2024-03-01T10:00:00Z"}""";
        var (fast, _) = Fast(json, Receipt, "track").ShouldNotBeNull();

        fast.ShouldBe(_mapper.Map(JsonDocument.Parse(json).RootElement, Receipt, "track").ShouldHaveSingleItem().ToJson());
    }

    [Fact]
    public void NoMessageId_FreshEventIdLikeTheContractMapping()
    {
        var (fast, _) = Fast("""{"type":"page","userId":"u1"}""", Receipt, null).ShouldNotBeNull();

        Guid.TryParse(JsonDocument.Parse(fast).RootElement.GetProperty("event_id").GetString(), out var id).ShouldBeTrue();
        id.Version.ShouldBe(7);
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void OtherMessage_DeclinedAndNothingWritten(string json)
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);

        _mapper.TryWriteClickEvent(System.Text.Encoding.UTF8.GetBytes(json), Receipt, null, writer, out _).ShouldBeFalse();
        writer.Flush();
        buffer.Length.ShouldBe(0);
    }

    private static string WithoutRandomId(byte[] json, bool random)
    {
        var text = System.Text.Encoding.UTF8.GetString(json);
        return random ? System.Text.RegularExpressions.Regex.Replace(text, "^\\{\"event_id\":\"[0-9a-f-]{36}\"", "{\"event_id\":\"?\"") : text;
    }

    private (byte[] Json, string? Key)? Fast(string json, SegmentReceipt receipt, string? impliedType)
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        if (!_mapper.TryWriteClickEvent(System.Text.Encoding.UTF8.GetBytes(json), receipt, impliedType, writer, out var key))
        {
            return null;
        }

        writer.Flush();
        return (buffer.ToArray(), key);
    }
}
