using Cartwheel.Contracts;
using Cartwheel.Simulation.Commerce;

namespace Cartwheel.Simulation.Model;

/// <summary>
/// Generates one browsing session: who (a returning customer, a customer before sign-up, or an anonymous
/// visitor), from where and on what, and its funnel of events (landing → product views → cart → checkout →
/// purchase). Only signed-in customers buy.
/// </summary>
internal sealed partial class SessionGenerator(World world, Random random)
{
    private const string Site = "https://shop.example.com";

    private readonly World _world = world;
    private readonly Random _random = random;

    public SimSession NewSession(DateTimeOffset start)
    {
        var (source, medium, campaign, referrer) = TrafficSources.Pick(_random);
        var sessionId = Sampling.Id("s_", _random);
        if (_random.NextDouble() < 0.8)
        {
            var user = _world.PickUser(_random);
            var profile = user.At(start);
            var device = _random.NextDouble() < 0.85 ? profile.DeviceType : RandomDevice();
            var signedIn = user.Signup <= start;
            return new SimSession(sessionId, signedIn ? user.Id : null, user.AnonymousId, source, medium, campaign, referrer,
                device, Os(device), profile.Country, profile.State ?? "", _random.NextDouble() < 0.7 ? user.Ip : UserFactory.Ip(_random));
        }

        var anonymousDevice = RandomDevice();
        var (country, state) = Geography.Pick(_random);
        return new SimSession(sessionId, null, Sampling.Id("a_", _random), source, medium, campaign, referrer,
            anonymousDevice, Os(anonymousDevice), country, state, UserFactory.Ip(_random));
    }

    /// <summary>The events of the session in time order; <paramref name="purchase"/> gets the order versions if it ends in one.</summary>
    public List<SimEvent> Events(SimSession session, DateTimeOffset start, out List<Order>? purchase)
    {
        var funnel = new Funnel(this, session, start);
        purchase = null;
        if (_random.NextDouble() < 0.35)
        {
            funnel.Search();
        }
        else
        {
            funnel.Add(ClickEventType.PageView, null, Site + "/", "home", 0, 0m);
        }

        var views = 1;
        while (views < 15 && _random.NextDouble() < 0.62)
        {
            views++;
        }

        var cart = new List<CartLine>();
        for (var v = 0; v < views; v++)
        {
            var roll = _random.NextDouble();
            if (roll < 0.12)
            {
                funnel.Search();
            }
            else if (roll < 0.22)
            {
                var category = _world.PickProduct(_random).At(funnel.Time).Category;
                funnel.Add(ClickEventType.PageView, null, Site + "/c/" + Uri.EscapeDataString(category.ToLowerInvariant()), "category", 0, 0m);
            }

            var product = _world.PickProduct(_random);
            var price = product.At(funnel.Time).Price;
            funnel.Add(ClickEventType.ProductView, product.Id, product.PageUrl, null, 0, price);
            if (_random.NextDouble() < 0.12)
            {
                var quantity = _random.NextDouble() < 0.8 ? 1 : _random.Next(2, 4);
                cart.Add(new CartLine(product, quantity));
                funnel.Add(ClickEventType.AddToCart, product.Id, product.PageUrl, null, quantity, price);
            }
        }

        if (cart.Count > 0 && _random.NextDouble() < 0.15)
        {
            var line = cart[_random.Next(cart.Count)];
            cart.Remove(line);
            funnel.Add(ClickEventType.RemoveFromCart, line.Product.Id, line.Product.PageUrl, null, line.Quantity, 0m);
        }

        if (cart.Count > 0 && _random.NextDouble() < 0.45)
        {
            var value = cart.Sum(l => l.Quantity * l.Product.At(funnel.Time).Price);
            funnel.Add(ClickEventType.CheckoutStarted, null, Site + "/checkout", null, cart.Sum(l => l.Quantity), value);
            if (session.UserId is not null && _random.NextDouble() < 0.7)
            {
                var time = funnel.Time;
                purchase = OrderFactory.Create(session, cart, time, _random);
                funnel.Add(ClickEventType.Purchase, null, Site + "/checkout/confirmation", purchase[0].OrderId, 0, OrderFactory.Total(purchase[0]));
            }
        }

        return funnel.Events;
    }

    private DeviceType RandomDevice()
    {
        var roll = _random.NextDouble();
        return roll < 0.55 ? DeviceType.Mobile : roll < 0.9 ? DeviceType.Desktop : DeviceType.Tablet;
    }

    private string Os(DeviceType device) => device switch
    {
        DeviceType.Mobile => _random.NextDouble() < 0.5 ? "iOS" : "Android",
        DeviceType.Tablet => _random.NextDouble() < 0.6 ? "iPadOS" : "Android",
        _ => _random.NextDouble() switch { < 0.6 => "Windows", < 0.9 => "macOS", _ => "Linux" },
    };
}
