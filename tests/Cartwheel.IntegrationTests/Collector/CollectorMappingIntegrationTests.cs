using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>Segment e-commerce batches end to end, and many concurrent clients.</summary>
public sealed class CollectorMappingIntegrationTests : IAsyncLifetime
{
    private CollectorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await CollectorServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Batch_EcommerceSpecEvents_MappedToEventsOrdersAndProfiles()
    {
        var order = new JsonObject
        {
            ["order_id"] = "o-1", ["currency"] = "eur", ["discount"] = 3, ["tax"] = 2.5, ["shipping"] = 4,
            ["products"] = new JsonArray(
                new JsonObject { ["product_id"] = "p-1", ["quantity"] = 2, ["price"] = 10 },
                new JsonObject { ["product_id"] = "p-2", ["quantity"] = 1, ["price"] = 10 }),
        };
        var identify = new JsonObject
        {
            ["type"] = "identify", ["userId"] = "u1", ["messageId"] = "m-id", ["timestamp"] = "2024-03-01T11:59:59.000Z",
            ["traits"] = new JsonObject { ["email"] = "a@example.com", ["name"] = "Ann", ["tier"] = "vip", ["address"] = new JsonObject { ["country"] = "FR" } },
        };
        var page = new JsonObject { ["type"] = "page", ["anonymousId"] = "anon-2", ["messageId"] = "m-page", ["properties"] = new JsonObject { ["url"] = "https://shop.example/" } };

        using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(
            SegmentBatches.Track("m-s", "Products Searched", new JsonObject { ["query"] = "shoes" }),
            SegmentBatches.Track("m-v", "Product Viewed", new JsonObject { ["product_id"] = "p-1" }),
            SegmentBatches.Track("m-a", "Product Added", new JsonObject { ["product_id"] = "p-1" }),
            SegmentBatches.Track("m-r", "Product Removed", new JsonObject { ["product_id"] = "p-2" }),
            SegmentBatches.Track("m-c", "Checkout Started"),
            SegmentBatches.Track("m-o", "Order Completed", order),
            SegmentBatches.Track("m-x", "Order Refunded", new JsonObject { ["order_id"] = "o-1" }),
            SegmentBatches.Track("m-w", "Video Played", new JsonObject { ["video"] = "v1" }),
            page,
            identify));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var records = await _server.ReadLogAsync();
        var events = records.Where(r => r.Kind == "events").Select(r => JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.ClickEvent)!)
            .OrderBy(e => e.EventId, StringComparer.Ordinal).Select(e => (e.EventId, e.EventType, e.ProductId)).ToList();
        events.ShouldBe([
            ("m-a", ClickEventType.AddToCart, "p-1"), ("m-c", ClickEventType.CheckoutStarted, null), ("m-o", ClickEventType.Purchase, null),
            ("m-page", ClickEventType.PageView, null), ("m-r", ClickEventType.RemoveFromCart, "p-2"), ("m-s", ClickEventType.Search, null),
            ("m-v", ClickEventType.ProductView, "p-1"), ("m-w", ClickEventType.PageView, null)]);
        var orders = records.Where(r => r.Kind == "orders").Select(r => JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.Order)!).ToList();
        orders.Select(o => (o.OrderId, o.Status)).ShouldBe([("o-1", OrderStatus.Completed), ("o-1", OrderStatus.Refunded)]);
        var completed = orders[0];
        completed.Items.Select(i => (i.ProductId, i.Quantity, i.UnitPrice, i.Discount)).ShouldBe([("p-1", 2, 10m, 2m), ("p-2", 1, 10m, 1m)]);
        (completed.Currency, completed.Tax, completed.Shipping, completed.UserId).ShouldBe(("EUR", 2.5m, 4m, "u1"));
        var profile = JsonSerializer.Deserialize(records.Single(r => r.Kind == "users").Payload.Span, ContractsJsonContext.Default.UserProfile)!;
        (profile.UserId, profile.Email, profile.Name, profile.Country, profile.Tier).ShouldBe(("u1", "a@example.com", "Ann", "FR", UserTier.Vip));
        records.Where(r => r.Kind != "events" || !r.Key!.StartsWith("anon", StringComparison.Ordinal)).ShouldAllBe(r => r.Key == "u1");
    }

    [Fact]
    public async Task Batches_FromConcurrentClients_AllInLogExactlyOnce()
    {
        const int clients = 16, batches = 10, perBatch = 50;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var messages = Enumerable.Range(0, perBatch).Select(i => (JsonNode)SegmentBatches.Track($"c{c}-b{b}-{i}", "Product Viewed", userId: $"u{(c + i) % 23}")).ToArray();
                using var response = await _server.PostAsync("/v1/batch", SegmentBatches.Batch(messages));
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }, TestContext.Current.CancellationToken)));

        var records = await _server.ReadLogAsync();
        records.Count.ShouldBe(clients * batches * perBatch);
        records.Select(r => JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.ClickEvent)!.EventId).Distinct().Count()
            .ShouldBe(clients * batches * perBatch);
        Enumerable.Range(0, _server.Log.Partitions).Sum(p => _server.Log.EndOffset(p)).ShouldBe(clients * batches * perBatch);
    }
}
