using Cartwheel.Contracts;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>Point-in-time correctness of the SCD Type 2 dimensions against the simulator's profile and price history.</summary>
[Collection(NativeShopCollection.Name)]
public sealed class NativeShopScd2Tests(NativeShopFixture fixture)
{
    private ShopPipeline P => fixture.Pipeline;

    [Fact]
    public void DimUser_UserWhoChangedTierTwice_HasThreeVersions()
    {
        var user = P.Shop.UserProfiles
            .GroupBy(u => u.UserId)
            .First(g => g.Count() == 3 && g.OrderBy(v => v.UpdatedAt).Select(v => v.Tier).Distinct().Count() == 3
                && g.Select(v => (v.Email, v.Name, v.Phone, v.Country, v.State, v.DeviceType)).Distinct().Count() == 1);
        var expected = user.OrderBy(v => v.UpdatedAt).Select(v => v.Tier.ToString().ToLowerInvariant()).ToList();

        var versions = P.Rows($"SELECT tier, is_current, effective_to FROM gold.dim_user WHERE user_id = '{user.Key}' ORDER BY effective_from");

        versions.Select(r => (string)r[0]!).ShouldBe(expected);
        versions.Select(r => (bool)r[1]!).ShouldBe([false, false, true]);
    }

    [Fact]
    public void FactSales_EveryLine_JoinsTheUserVersionValidAtOrderTime()
    {
        var profiles = P.Shop.UserProfiles.GroupBy(u => u.UserId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.UpdatedAt).ToList(), StringComparer.Ordinal);
        var expected = Sales().Select(s => (s.Order.OrderId, s.Line, Tier: TierAt(profiles[s.Order.UserId], s.Order.CreatedAt)))
            .OrderBy(x => x.OrderId, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();

        var actual = P.Rows("SELECT f.order_id, f.line_number, u.tier FROM gold.fact_sales AS f JOIN gold.dim_user AS u USING (user_key) ORDER BY 1, 2")
            .Select(r => ((string)r[0]!, Convert.ToInt32(r[1]!, System.Globalization.CultureInfo.InvariantCulture), (string)r[2]!))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2).ToList();

        expected.Select(e => e.Tier).Distinct().Count().ShouldBeGreaterThan(1);
        actual.ShouldBe(expected);
    }

    [Fact]
    public void FactSales_EveryLine_JoinsTheProductVersionValidAtOrderTime()
    {
        var products = P.Shop.Products.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.UpdatedAt).ToList(), StringComparer.Ordinal);
        var expected = Sales()
            .Select(s => (s.Order.OrderId, s.Line, Price: products[s.Order.Items[s.Line - 1].ProductId].Last(v => v.UpdatedAt <= s.Order.CreatedAt).Price))
            .OrderBy(x => x.OrderId, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();

        var actual = P.Rows("SELECT f.order_id, f.line_number, p.price FROM gold.fact_sales AS f JOIN gold.dim_product AS p USING (product_key)")
            .Select(r => ((string)r[0]!, Convert.ToInt32(r[1]!, System.Globalization.CultureInfo.InvariantCulture), (decimal)r[2]!))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2).ToList();

        actual.ShouldBe(expected);
        P.Shop.Products.GroupBy(p => p.ProductId).Count(g => g.Select(v => v.Price).Distinct().Count() > 1).ShouldBeGreaterThan(0);
    }

    private IEnumerable<(Order Order, int Line)> Sales() => P.Shop.Orders
        .GroupBy(o => o.OrderId)
        .Select(g => g.OrderBy(o => o.UpdatedAt).Last())
        .Where(o => o.Status == OrderStatus.Completed)
        .SelectMany(o => o.Items.Select((_, i) => (o, i + 1)));

    private static string TierAt(List<UserProfile> versions, DateTimeOffset at) =>
        (versions.LastOrDefault(v => v.UpdatedAt <= at) ?? versions[0]).Tier.ToString().ToLowerInvariant();
}
