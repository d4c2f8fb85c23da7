using System.Globalization;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Live;

/// <summary>Simulated events as Segment messages (spec names the collector maps: docs/collector.md); no timestamp yet.</summary>
internal static class SegmentMessages
{
    public const string OrderCompleted = "Order Completed";

    public static JsonObject From(SimEvent e) => e.Type switch
    {
        ClickEventType.PageView => Message("page", null, e, new JsonObject { ["url"] = e.PageUrl, ["name"] = e.Text }),
        ClickEventType.Search => Track("Products Searched", e, new JsonObject { ["query"] = e.Text }),
        ClickEventType.ProductView => Track("Product Viewed", e, Product(e)),
        ClickEventType.AddToCart => Track("Product Added", e, Product(e)),
        ClickEventType.RemoveFromCart => Track("Product Removed", e, Product(e)),
        ClickEventType.CheckoutStarted => Track("Checkout Started", e, new JsonObject { ["value"] = e.Amount, ["currency"] = "USD" }),
        _ => Message("page", null, e, new JsonObject { ["url"] = e.PageUrl }),
    };

    public static JsonObject OrderCompletedMessage(SimEvent purchase, Order order)
    {
        var products = new JsonArray();
        foreach (var item in order.Items)
        {
            products.Add(new JsonObject { ["product_id"] = item.ProductId, ["quantity"] = item.Quantity, ["price"] = item.UnitPrice });
        }

        return Track(OrderCompleted, purchase, new JsonObject
        {
            ["order_id"] = order.OrderId,
            ["products"] = products,
            ["discount"] = order.Items.Sum(i => i.Discount),
            ["tax"] = order.Tax,
            ["shipping"] = order.Shipping,
            ["currency"] = order.Currency,
            ["payment_method"] = order.PaymentMethod,
        });
    }

    public static JsonObject Refund(SimEvent last, Order order, string messageId)
    {
        var message = Track("Order Refunded", last, new JsonObject
        {
            ["order_id"] = order.OrderId,
            ["created_at"] = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        });
        message["messageId"] = messageId;
        return message;
    }

    public static JsonObject SignUp(SimSession session, string userId, string messageId, DateTimeOffset now) => new()
    {
        ["type"] = "identify",
        ["userId"] = userId,
        ["anonymousId"] = session.AnonymousId,
        ["messageId"] = messageId,
        ["traits"] = new JsonObject
        {
            ["createdAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["tier"] = "free",
            ["address"] = new JsonObject { ["country"] = session.Country, ["state"] = session.State },
        },
        ["context"] = Context(session, null, null),
    };

    private static JsonObject Product(SimEvent e) =>
        new() { ["product_id"] = e.ProductId, ["price"] = e.Amount, ["quantity"] = Math.Max(1, e.Count), ["currency"] = "USD" };

    private static JsonObject Track(string name, SimEvent e, JsonObject properties) => Message("track", name, e, properties);

    private static JsonObject Message(string type, string? name, SimEvent e, JsonObject properties)
    {
        var message = new JsonObject
        {
            ["type"] = type,
            ["userId"] = e.Session.UserId,
            ["anonymousId"] = e.Session.AnonymousId,
            ["messageId"] = e.EventId,
            ["properties"] = properties,
            ["context"] = Context(e.Session, e.PageUrl, e.Referrer),
        };
        if (name is not null)
        {
            message["event"] = name;
        }

        return message;
    }

    private static JsonObject Context(SimSession session, string? url, string? referrer) => new()
    {
        ["sessionId"] = session.SessionId,
        ["ip"] = session.Ip,
        ["page"] = new JsonObject { ["url"] = url, ["referrer"] = referrer },
        ["campaign"] = new JsonObject { ["source"] = session.UtmSource, ["medium"] = session.UtmMedium, ["name"] = session.UtmCampaign },
        ["device"] = new JsonObject { ["type"] = session.Device.ToString().ToLowerInvariant() },
        ["os"] = new JsonObject { ["name"] = session.Os },
        ["location"] = new JsonObject { ["country"] = session.Country, ["region"] = session.State },
    };
}
