using System.Text.Json;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>Order Completed / Order Refunded → an order version (items, order discount spread over the lines).</summary>
public sealed partial class SegmentMapper
{
    private static CollectedRecord OrderVersion(JsonElement message, SegmentCommon common, OrderStatus status)
    {
        var orderId = SegmentJson.String(message, "properties", "order_id") ?? SegmentJson.String(message, "properties", "orderId")
            ?? throw new SegmentMessageException("An order event needs properties.order_id.");
        var lines = Lines(message);
        var discounts = Allocate(SegmentJson.Decimal(message, "properties", "discount") ?? 0m, lines.Select(l => l.Quantity * l.UnitPrice).ToList());
        // A refund is placed by the order's date (docs/decisions.md 1): clients send it as properties.created_at when they can.
        var createdAt = status == OrderStatus.Refunded
            ? SegmentJson.Time(message, "properties", "created_at") ?? SegmentJson.Time(message, "properties", "order_date") ?? common.EventTime
            : common.EventTime;
        return new CollectedRecord(EntityKind.Orders, common.Key, new Order(
            orderId,
            common.Key,
            common.SessionId,
            status,
            (SegmentJson.String(message, "properties", "currency") ?? "USD").ToUpperInvariant(),
            lines.Select((l, i) => l with { Discount = discounts[i] }).ToList(),
            Money(SegmentJson.Decimal(message, "properties", "shipping") ?? 0m),
            Money(SegmentJson.Decimal(message, "properties", "tax") ?? 0m),
            SegmentJson.String(message, "properties", "payment_method") ?? "unknown",
            createdAt,
            common.EventTime,
            common.ClientMessageId));
    }

    private static List<OrderItem> Lines(JsonElement message)
    {
        if (SegmentJson.Get(message, "properties", "products") is not { ValueKind: JsonValueKind.Array } products)
        {
            return [];
        }

        var lines = new List<OrderItem>();
        foreach (var product in products.EnumerateArray())
        {
            var id = SegmentJson.String(product, "product_id") ?? SegmentJson.String(product, "sku") ?? SegmentJson.String(product, "id")
                ?? throw new SegmentMessageException($"properties.products[{lines.Count}] has no product_id.");
            var quantity = SegmentJson.Decimal(product, "quantity") ?? 1m;
            if (quantity != decimal.Truncate(quantity) || quantity is < 0 or > int.MaxValue)
            {
                throw new SegmentMessageException($"properties.products[{lines.Count}].quantity is not a whole number.");
            }

            lines.Add(new OrderItem(id, (int)quantity, Money(SegmentJson.Decimal(product, "price") ?? 0m), 0m));
        }

        return lines;
    }

    /// <summary>
    /// Spreads the order-level discount over the lines in proportion to their revenue, in cents rounded half away
    /// from zero, the remainder on the last line (as gold allocates tax and shipping), so the lines sum exactly.
    /// </summary>
    internal static IReadOnlyList<decimal> Allocate(decimal total, IReadOnlyList<decimal> weights)
    {
        var shares = new decimal[weights.Count];
        var sum = weights.Sum();
        total = Money(total);
        if (weights.Count == 0 || total == 0m)
        {
            return shares;
        }

        decimal given = 0m;
        for (var i = 0; i < shares.Length - 1; i++)
        {
            shares[i] = sum == 0m ? 0m : Money(total * weights[i] / sum);
            given += shares[i];
        }

        shares[^1] = total - given;
        return shares;
    }

    private static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
