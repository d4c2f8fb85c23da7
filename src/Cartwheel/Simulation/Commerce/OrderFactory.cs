using Cartwheel.Contracts;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Commerce;

/// <summary>
/// Turns a purchase into the versions of its order: pending at the purchase time, then completed, failed or
/// cancelled; some completed orders are refunded days later. Items are priced at the product price valid at the
/// purchase time.
/// </summary>
internal static class OrderFactory
{
    private static readonly string[] PaymentMethods = ["card", "card", "card", "paypal", "apple_pay", "gift_card"];

    public static List<Order> Create(SimSession session, IReadOnlyList<CartLine> cart, DateTimeOffset time, Random random)
    {
        var items = new List<OrderItem>(cart.Count);
        foreach (var line in cart)
        {
            var price = line.Product.At(time).Price;
            var discount = random.NextDouble() < 0.15
                ? Sampling.Money((double)(price * line.Quantity) * (0.05 + (random.NextDouble() * 0.2)))
                : 0m;
            items.Add(new OrderItem(line.Product.Id, line.Quantity, price, discount));
        }

        var subtotal = items.Sum(i => (i.Quantity * i.UnitPrice) - i.Discount);
        var shipping = subtotal >= 50m ? 0m : random.NextDouble() < 0.5 ? 4.99m : 7.99m;
        var tax = Math.Round(subtotal * TaxRate(session.Country), 2, MidpointRounding.AwayFromZero);
        var pending = new Order(Sampling.Id("o_", random), session.UserId!, session.SessionId, OrderStatus.Pending, "USD", items,
            shipping, tax, PaymentMethods[random.Next(PaymentMethods.Length)], time, time);
        var versions = new List<Order> { pending };
        var outcome = random.NextDouble();
        if (outcome < 0.06)
        {
            versions.Add(pending with { Status = OrderStatus.Failed, UpdatedAt = time.AddMilliseconds(random.Next(10_000, 300_000)) });
        }
        else if (outcome < 0.10)
        {
            versions.Add(pending with { Status = OrderStatus.Cancelled, UpdatedAt = time.AddMilliseconds(random.Next(300_000, 21_600_000)) });
        }
        else
        {
            var completed = pending with { Status = OrderStatus.Completed, UpdatedAt = time.AddMilliseconds(random.Next(30_000, 1_200_000)) };
            versions.Add(completed);
            if (random.NextDouble() < 0.07)
            {
                versions.Add(completed with { Status = OrderStatus.Refunded, UpdatedAt = completed.UpdatedAt.AddMinutes(random.Next(2 * 1440, 10 * 1440)) });
            }
        }

        return versions;
    }

    /// <summary>What the shopper pays: items less discounts, plus shipping and tax.</summary>
    public static decimal Total(Order order) =>
        order.Items.Sum(i => (i.Quantity * i.UnitPrice) - i.Discount) + order.Shipping + order.Tax;

    private static decimal TaxRate(string country) => country switch
    {
        "US" => 0.08m,
        "CA" => 0.13m,
        "AU" => 0.10m,
        _ => 0.20m,
    };
}
