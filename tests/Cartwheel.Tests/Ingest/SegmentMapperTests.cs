using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Tests.Ingest;

public sealed class SegmentMapperTests
{
    private static readonly DateTimeOffset Received = DateTimeOffset.Parse("2024-03-01T10:00:02.000Z");
    private readonly SegmentMapper _mapper = new();

    [Theory]
    [InlineData("\"timestamp\":\"2024-03-01T10:00:00Z\",\"sentAt\":\"2024-03-01T10:00:05Z\"", "2024-03-01T09:59:57.000Z")]
    [InlineData("\"timestamp\":\"2024-03-01T10:00:00.123Z\"", "2024-03-01T10:00:00.123Z")]
    [InlineData("\"sentAt\":\"2024-03-01T10:00:05Z\"", "2024-03-01T10:00:02.000Z")]
    [InlineData("\"timestamp\":\"9999-12-31T00:00:00Z\",\"sentAt\":\"0001-01-01T00:00:00Z\"", "2024-03-01T10:00:02.000Z")] // skew out of range
    [InlineData("\"timestamp\":\"0001-01-01T00:00:00Z\",\"sentAt\":\"9999-12-31T00:00:00Z\"", "2024-03-01T10:00:02.000Z")]
    public void Track_EventTime_ClockSkewCorrectedLikeSegment(string times, string expected)
    {
        var click = Single<ClickEvent>($$$"""{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m1",{{{times}}},"properties":{"product_id":"p1"}}""");

        click.EventTime.ShouldBe(DateTimeOffset.Parse(expected));
        click.IngestionTime.ShouldBe(Received);
        (click.EventType, click.ProductId, click.AnonymousId, click.SessionId, click.Ip).ShouldBe((ClickEventType.ProductView, "p1", "u1", "u1", "198.51.100.1"));
    }

    [Fact]
    public void Track_BatchSentAtUsedWhenMessageHasNone()
    {
        var records = _mapper.Map(Parse("""{"type":"track","event":"Product Added","anonymousId":"a1","timestamp":"2024-03-01T10:00:00Z"}"""),
            new SegmentReceipt(Received, DateTimeOffset.Parse("2024-03-01T10:00:01Z"), null));

        var click = (ClickEvent)records.ShouldHaveSingleItem().Record;
        click.EventTime.ShouldBe(DateTimeOffset.Parse("2024-03-01T10:00:01.000Z"));
        (click.UserId, click.AnonymousId, records[0].Key).ShouldBe((null, "a1", "a1"));
    }

    [Fact]
    public void OrderCompleted_PurchaseAndOrder_DiscountSpreadInCentsRemainderOnLastLine()
    {
        var records = _mapper.Map(Parse("""
            {"type":"track","event":"Order Completed","userId":"u1","messageId":"m1","timestamp":"2024-03-01T10:00:00Z",
             "properties":{"order_id":"o1","discount":1,"tax":"0.5","products":[{"product_id":"a","price":5},{"sku":"b","price":5},{"id":"c","price":5,"quantity":3}]}}
            """), Receipt());

        records.Select(r => r.Kind).ShouldBe([EntityKind.Events, EntityKind.Orders]);
        ((ClickEvent)records[0].Record).EventType.ShouldBe(ClickEventType.Purchase);
        var order = (Order)records[1].Record;
        order.Items.Select(i => (i.ProductId, i.Quantity, i.Discount)).ShouldBe([("a", 1, 0.20m), ("b", 1, 0.20m), ("c", 3, 0.60m)]);
        (order.Status, order.Currency, order.Tax, order.Shipping, order.PaymentMethod).ShouldBe((OrderStatus.Completed, "USD", 0.5m, 0m, "unknown"));
    }

    [Theory]
    [InlineData("""{"type":"track","event":"Order Completed","userId":"u1","messageId":"m1","timestamp":"2024-03-01T10:00:00Z","properties":{"order_id":"o1","products":[{"product_id":"a","price":5}]}}""", EntityKind.Orders)]
    [InlineData("""{"type":"identify","userId":"u1","messageId":"m1","timestamp":"2024-03-01T10:00:00Z","traits":{"email":"a@b.c","tier":"vip"}}""", EntityKind.Users)]
    public void Version_RetriedMessage_SameDedupKeyAlthoughUpdatedAtDiffers(string json, EntityKind kind)
    {
        // The client's retry is sent (sentAt) and received 2 s later: the skew-corrected updated_at moves by a few ms.
        var first = VersionOf(_mapper.Map(Parse(json.Replace("}}", "},\"sentAt\":\"2024-03-01T10:00:01.000Z\"}", StringComparison.Ordinal)), Receipt()), kind);
        var retry = VersionOf(_mapper.Map(Parse(json.Replace("}}", "},\"sentAt\":\"2024-03-01T10:00:03.007Z\"}", StringComparison.Ordinal)),
            new SegmentReceipt(Received.AddSeconds(2), null, "198.51.100.1")), kind);
        var other = VersionOf(_mapper.Map(Parse(json.Replace("\"m1\"", "\"m2\"", StringComparison.Ordinal)), Receipt()), kind);

        System.Text.Encoding.UTF8.GetString(first.Payload).ShouldContain("\"source_message_id\":\"m1\"");
        first.UpdatedAt.ShouldNotBe(retry.UpdatedAt);
        var keys = new Cartwheel.Streaming.DedupKey();
        keys.For(kind, first.Id, first.Payload).ShouldBe(keys.For(kind, retry.Id, retry.Payload));
        keys.For(kind, first.Id, first.Payload).ShouldNotBe(keys.For(kind, other.Id, other.Payload));
    }

    [Fact]
    public void Version_NotFromSegment_NoMessageIdAndIdentifiedByUpdatedAt()
    {
        var order = new Order("o1", "u1", null, OrderStatus.Completed, "USD", [], 0m, 0m, "card", Received, Received);
        var payload = JsonSerializer.SerializeToUtf8Bytes(order, ContractsJsonContext.Default.Order);

        System.Text.Encoding.UTF8.GetString(payload).ShouldNotContain("source_message_id");
        var keys = new Cartwheel.Streaming.DedupKey();
        keys.For(EntityKind.Orders, "o1", payload).ShouldBe(keys.For(EntityKind.Orders, "o1", payload.ToArray()));
        keys.For(EntityKind.Orders, "o1", payload)
            .ShouldNotBe(keys.For(EntityKind.Orders, "o1", JsonSerializer.SerializeToUtf8Bytes(order with { UpdatedAt = Received.AddSeconds(1) }, ContractsJsonContext.Default.Order)));
    }

    private static (string Id, byte[] Payload, DateTimeOffset UpdatedAt) VersionOf(IReadOnlyList<CollectedRecord> records, EntityKind kind) =>
        records.Single(r => r.Kind == kind).Record switch
        {
            Order o => (o.OrderId, JsonSerializer.SerializeToUtf8Bytes(o, ContractsJsonContext.Default.Order), o.UpdatedAt),
            UserProfile u => (u.UserId, JsonSerializer.SerializeToUtf8Bytes(u, ContractsJsonContext.Default.UserProfile), u.UpdatedAt),
            var r => throw new InvalidOperationException($"not a version: {r}"),
        };

    [Fact]
    public void Allocate_ThreeEqualLines_RemainderOnLast()
    {
        SegmentMapper.Allocate(1m, [1m, 1m, 1m]).ShouldBe([0.33m, 0.33m, 0.34m]);
        SegmentMapper.Allocate(0m, [1m]).ShouldBe([0m]);
    }

    [Fact]
    public void OrderRefunded_OrderVersionPlacedByCreatedAt_NoClickEvent()
    {
        var order = Single<Order>("""{"type":"track","event":"Order Refunded","userId":"u1","timestamp":"2024-03-05T10:00:00Z","properties":{"order_id":"o1","created_at":"2024-03-01T09:00:00Z"}}""");

        (order.Status, order.CreatedAt, order.UpdatedAt).ShouldBe((OrderStatus.Refunded, DateTimeOffset.Parse("2024-03-01T09:00:00Z"), DateTimeOffset.Parse("2024-03-05T10:00:00Z")));
    }

    [Fact]
    public void Track_UnknownEvent_KeptWithNameAndProperties_ConfiguredMapWins()
    {
        const string json = """{"type":"track","event":"Video Played","userId":"u1","properties":{"video":"v1"}}""";
        var click = Single<ClickEvent>(json);
        var mapped = (ClickEvent)new SegmentMapper(new SegmentEventMap(new Dictionary<string, ClickEventType> { ["video_played"] = ClickEventType.Search }))
            .Map(Parse(json), Receipt())[0].Record;

        click.EventType.ShouldBe(ClickEventType.PageView);
        click.Properties!.Value.GetRawText().ShouldBe("""{"segment_event":"Video Played","properties":{"video":"v1"}}""");
        mapped.EventType.ShouldBe(ClickEventType.Search);
    }

    [Fact]
    public void Identify_ProfileFromTraits()
    {
        var profile = Single<UserProfile>("""
            {"type":"identify","userId":"u1","timestamp":"2024-03-01T10:00:00Z","context":{"device":{"type":"tablet"}},
             "traits":{"email":"a@x.io","firstName":"Ann","lastName":"Lee","phone":"+1","address":{"country":"US","state":"NY"},"createdAt":"2023-05-06T07:00:00Z"}}
            """);

        profile.ShouldBe(new UserProfile("u1", "a@x.io", "Ann Lee", "+1", "US", "NY", UserTier.Free, DeviceType.Tablet,
            new DateOnly(2023, 5, 6), DateTimeOffset.Parse("2024-03-01T10:00:00Z")));
    }

    [Theory]
    [InlineData("""{"type":"identify","anonymousId":"a1"}""", "userId")]
    [InlineData("""{"type":"track","event":"x"}""", "neither userId nor anonymousId")]
    [InlineData("""{"type":"track","userId":"u1"}""", "'event'")]
    [InlineData("""{"type":"jump","userId":"u1"}""", "Unknown message type")]
    [InlineData("""{"type":"track","event":"x","userId":"u1","timestamp":"yesterday"}""", "ISO 8601")]
    public void Map_InvalidMessage_Throws(string json, string message) =>
        Should.Throw<SegmentMessageException>(() => _mapper.Map(Parse(json), Receipt())).Message.ShouldContain(message);

    [Fact]
    public void Page_UrlFromProperties_GroupAndAliasIgnored()
    {
        Single<ClickEvent>("""{"type":"page","anonymousId":"a1","properties":{"url":"https://x/","referrer":"https://r/"}}""")
            .ShouldSatisfyAllConditions(e => e.EventType.ShouldBe(ClickEventType.PageView), e => e.PageUrl.ShouldBe("https://x/"), e => e.Referrer.ShouldBe("https://r/"));
        _mapper.Map(Parse("""{"type":"group","userId":"u1","groupId":"g"}"""), Receipt()).ShouldBeEmpty();
    }

    private static SegmentReceipt Receipt() => new(Received, null, "198.51.100.1");

    private static JsonElement Parse(string json) => JsonElement.Parse(json);

    private T Single<T>(string json) => (T)_mapper.Map(Parse(json), Receipt()).ShouldHaveSingleItem().Record;
}
