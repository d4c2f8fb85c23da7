using Cartwheel.Contracts;
using Cartwheel.Simulation;

namespace Cartwheel.Tests.Simulation;

public sealed class ShopSimulatorTruthTests
{
    private static readonly SimulatedShop Clean = new ShopSimulator(new SimulationOptions { CorruptRate = 0 }).Generate(TestContext.Current.CancellationToken);

    [Fact]
    public void Generate_LateEvents_NearTheRateAndArriveTwoToFortyEightHoursLater()
    {
        var shop = new ShopSimulator(new SimulationOptions()).Generate(TestContext.Current.CancellationToken);
        var late = shop.Events.Where(e => shop.LateEventIds.Contains(e.EventId)).ToList();

        late.Count.ShouldBe(shop.LateEventIds.Count);
        ((double)late.Count / shop.Events.Count).ShouldBeInRange(0.04, 0.06);
        late.ShouldAllBe(e => e.IngestionTime >= e.EventTime.AddHours(2) && e.IngestionTime <= e.EventTime.AddHours(48));
        shop.Events.Where(e => !shop.LateEventIds.Contains(e.EventId))
            .ShouldAllBe(e => e.IngestionTime > e.EventTime && e.IngestionTime < e.EventTime.AddSeconds(10));
        shop.Events.Zip(shop.Events.Skip(1)).ShouldAllBe(p => p.First.IngestionTime <= p.Second.IngestionTime);
    }

    [Fact]
    public void Generate_Profiles_TwoTierChangesGiveThreeVersionsAndTheFirstRowIsTheSignup()
    {
        var byUser = Clean.UserProfiles.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.UpdatedAt).ToList());

        byUser.Count.ShouldBe(1000);
        byUser.Values.Count(v => v.Count == 3 && v[0].Tier != v[1].Tier && v[1].Tier != v[2].Tier && v[0].Country == v[2].Country)
            .ShouldBeGreaterThan(0);
        byUser.Values.ShouldAllBe(v => DateOnly.FromDateTime(v[0].UpdatedAt.UtcDateTime) == v[0].SignupDate);
        byUser.Values.ShouldAllBe(v => v.Select(p => p.UpdatedAt).Distinct().Count() == v.Count && v.All(p => p.SignupDate == v[0].SignupDate));
        byUser.Values.Count(v => v[0].UpdatedAt >= new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)).ShouldBeGreaterThan(0);
        byUser.Values.Count(v => v.Count == 2 && v[0].Country != v[1].Country).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Generate_OrderItems_PricedAtTheProductPriceValidAtCreatedAt()
    {
        var products = Clean.Products.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.UpdatedAt).ToList());
        var signups = Clean.UserProfiles.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Min(p => p.UpdatedAt));
        var purchases = Clean.Events.Where(e => e.EventType == ClickEventType.Purchase).ToDictionary(e => e.SessionId);

        Clean.Orders.ShouldNotBeEmpty();
        products.Values.Count(v => v.Select(p => p.Price).Distinct().Count() > 1).ShouldBeGreaterThan(0);
        foreach (var order in Clean.Orders)
        {
            order.Items.ShouldAllBe(i => i.UnitPrice == products[i.ProductId].Last(p => p.UpdatedAt <= order.CreatedAt).Price);
            order.Items.ShouldAllBe(i => i.Quantity > 0 && i.Discount >= 0 && i.Discount <= i.Quantity * i.UnitPrice && decimal.Round(i.Discount, 2) == i.Discount);
            signups[order.UserId].ShouldBeLessThanOrEqualTo(order.CreatedAt);
            purchases[order.SessionId!].EventTime.ShouldBe(order.CreatedAt);
            purchases[order.SessionId!].UserId.ShouldBe(order.UserId);
        }
    }

    [Fact]
    public void Generate_OrderVersions_PendingFirstThenLaterOutcomes()
    {
        var histories = Clean.Orders.GroupBy(o => o.OrderId).Select(g => g.OrderBy(o => o.UpdatedAt).Select(o => o.Status).ToList()).ToList();

        histories.ShouldAllBe(h => h[0] == OrderStatus.Pending && h.Count >= 2 && h.Count <= 3);
        histories.Where(h => h.Count == 3).ShouldAllBe(h => h[1] == OrderStatus.Completed && h[2] == OrderStatus.Refunded);
        histories.Select(h => h[1]).Distinct().Order().ShouldBe([OrderStatus.Completed, OrderStatus.Failed, OrderStatus.Cancelled]);
        histories.Count(h => h.Count == 3).ShouldBeGreaterThan(0);
        Clean.Orders.GroupBy(o => o.OrderId).ShouldAllBe(g => g.Select(o => o.UpdatedAt).Distinct().Count() == g.Count());
    }

    [Fact]
    public void Generate_NotAfterInTheWindow_NoFollowUpAfterItAndTheSameSessions()
    {
        var options = new SimulationOptions { CorruptRate = 0, Days = 7 };
        var cutoff = options.StartTime.AddDays(4).AddHours(13);
        var full = new ShopSimulator(options).Generate(TestContext.Current.CancellationToken);
        var cut = new ShopSimulator(options with { NotAfter = cutoff }).Generate(TestContext.Current.CancellationToken);

        // What shoppers did is the same; only later changes are missing.
        cut.Events.Select(e => e.EventId).ShouldBe(full.Events.Select(e => e.EventId));
        var fullFollowUps = full.Orders.Where(o => o.Status is OrderStatus.Refunded or OrderStatus.Cancelled).ToList();
        fullFollowUps.Count(o => o.UpdatedAt > cutoff).ShouldBeGreaterThan(0);
        cut.Orders.Select(o => (o.OrderId, o.Status, o.UpdatedAt)).ShouldBe(full.Orders
            .Where(o => !(o.Status is OrderStatus.Refunded or OrderStatus.Cancelled && o.UpdatedAt > cutoff))
            .Select(o => (o.OrderId, o.Status, o.UpdatedAt)));
        full.Inventory.Count(u => u.Reason != InventoryReason.Sale && u.EventTime > cutoff).ShouldBeGreaterThan(0);
        cut.Inventory.Where(u => u.EventTime > cutoff).ShouldAllBe(u => u.Reason == InventoryReason.Sale
            || (u.Reason == InventoryReason.Restock && cut.Inventory.Any(s => s.Reason == InventoryReason.Sale && s.EventTime == u.EventTime && s.ProductId == u.ProductId)));
        cut.Inventory.Where(u => u.Reason == InventoryReason.Sale).Sum(u => u.Delta).ShouldBe(full.Inventory.Where(u => u.Reason == InventoryReason.Sale).Sum(u => u.Delta));
    }

    [Fact]
    public void Generate_Inventory_LevelsFollowTheDeltasNeverNegativeAndSomeRunLow()
    {
        foreach (var stock in Clean.Inventory.GroupBy(u => (u.ProductId, u.WarehouseId)))
        {
            var level = 0;
            foreach (var update in stock)
            {
                level += update.Delta;
                update.OnHand.ShouldBe(level);
                update.OnHand.ShouldBeGreaterThanOrEqualTo(0);
            }
        }

        Clean.Inventory.Select(u => u.Reason).Distinct().Order().ShouldBe([InventoryReason.Sale, InventoryReason.Restock, InventoryReason.Return, InventoryReason.Adjustment]);
        Clean.Inventory.Where(u => u.Reason == InventoryReason.Sale).ShouldAllBe(u => u.Delta < 0);
        Clean.Inventory.GroupBy(u => (u.ProductId, u.WarehouseId)).Count(g => g.Last().OnHand < 10).ShouldBeGreaterThan(0);
        Clean.Inventory.Zip(Clean.Inventory.Skip(1)).ShouldAllBe(p => p.First.EventTime <= p.Second.EventTime);
    }

    [Fact]
    public void Generate_Sessions_FunnelAnonymousMinorityAndEveryEventType()
    {
        var anonymous = Clean.Events.Count(e => e.UserId is null) / (double)Clean.Events.Count;

        anonymous.ShouldBeInRange(0.1, 0.45);
        Clean.Events.Select(e => e.EventType).Distinct().Count().ShouldBe(7);
        Clean.Events.Count.ShouldBeInRange(10_800, 13_200);
        Clean.Events.Select(e => e.UtmSource).Distinct().Count().ShouldBeGreaterThan(4);
        Clean.Events.Where(e => e.EventType == ClickEventType.Purchase).ShouldAllBe(e => e.UserId != null);
        Clean.Events.Select(e => e.EventTime.Hour).GroupBy(h => h).OrderBy(g => g.Count()).First().Key.ShouldBeInRange(1, 6);
    }

    [Theory]
    [InlineData(0, 200, 3, 0.05)]
    [InlineData(100, 0, 3, 0.05)]
    [InlineData(100, 200, 0, 0.05)]
    [InlineData(100, 200, 3, 1.5)]
    [InlineData(100, 200, 3, -0.1)]
    public void Constructor_InvalidOptions_ThrowsInvalidArgument(int users, int products, int days, double lateRate)
    {
        var ex = Should.Throw<CartwheelException>(() => new ShopSimulator(new SimulationOptions { Users = users, Products = products, Days = days, LateRate = lateRate }));

        ex.Code.ShouldBe(ErrorCodes.InvalidArgument);
    }
}
