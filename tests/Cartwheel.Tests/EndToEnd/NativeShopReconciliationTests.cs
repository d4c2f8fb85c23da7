using Cartwheel.Contracts;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>Gold, silver and the quarantine against the simulator's truth, computed independently with LINQ.</summary>
[Collection(NativeShopCollection.Name)]
public sealed class NativeShopReconciliationTests(NativeShopFixture fixture)
{
    private ShopPipeline P => fixture.Pipeline;

    /// <summary>The sales the simulator made: the latest clean version of each order, when it is completed.</summary>
    private IEnumerable<Order> CompletedOrders() => P.Shop.Orders
        .GroupBy(o => o.OrderId)
        .Select(g => g.OrderBy(o => o.UpdatedAt).Last())
        .Where(o => o.Status == OrderStatus.Completed);

    [Fact]
    public void GoldRevenue_PerDay_EqualsTruth()
    {
        var truth = CompletedOrders()
            .GroupBy(o => DateOnly.FromDateTime(o.CreatedAt.UtcDateTime))
            .Select(g => (Date: g.Key, Orders: (long)g.Count(), Revenue: g.SelectMany(o => o.Items).Sum(i => i.Quantity * i.UnitPrice - i.Discount)))
            .OrderBy(t => t.Date)
            .ToList();

        var gold = P.Rows("SELECT order_date, count(DISTINCT order_id), sum(line_revenue) FROM gold.fact_sales GROUP BY 1 ORDER BY 1")
            .Select(r => (Date: Values.Date(r[0]), Orders: (long)r[1]!, Revenue: (decimal)r[2]!))
            .ToList();
        var daily = P.Rows("SELECT date, sum(total_revenue) FROM gold.daily_sales GROUP BY 1 ORDER BY 1")
            .Select(r => (Values.Date(r[0]), (decimal)r[1]!))
            .ToList();

        truth.Count.ShouldBe(P.Options.Days);
        gold.ShouldBe(truth);
        daily.ShouldBe(truth.Select(t => (t.Date, t.Revenue)).ToList());
    }

    [Fact]
    public void GoldRevenue_PerProduct_EqualsTruth()
    {
        var truth = CompletedOrders()
            .SelectMany(o => o.Items)
            .GroupBy(i => i.ProductId)
            .Select(g => (Product: g.Key, Units: (long)g.Sum(i => i.Quantity), Revenue: g.Sum(i => i.Quantity * i.UnitPrice - i.Discount)))
            .OrderBy(t => t.Product, StringComparer.Ordinal)
            .ToList();

        var gold = P.Rows("SELECT product_id, sum(quantity), sum(line_revenue) FROM gold.fact_sales GROUP BY 1 ORDER BY 1")
            .Select(r => (Product: (string)r[0]!, Units: Values.Long(r[1]), Revenue: (decimal)r[2]!))
            .OrderBy(t => t.Product, StringComparer.Ordinal)
            .ToList();

        truth.Count.ShouldBeGreaterThan(10);
        gold.ShouldBe(truth);
    }

    [Fact]
    public void Quarantine_PerKind_EqualsInjectedCorruptLines()
    {
        var quarantined = P.Catalog.ListQuarantineCounts()
            .GroupBy(q => q.Kind)
            .ToDictionary(g => g.Key, g => g.Sum(q => q.Count), StringComparer.Ordinal);
        var byReason = P.Catalog.ListQuarantineCounts()
            .GroupBy(q => (q.Kind, q.Reason))
            .ToDictionary(g => g.Key, g => g.Sum(q => q.Count));

        foreach (var file in P.Manifest.Files)
        {
            var kind = Path.GetFileName(file.File).Split('.')[0];
            quarantined.GetValueOrDefault(kind).ShouldBe(file.Corrupt, $"quarantined {kind}");
            foreach (var (reason, count) in file.CorruptByReason)
            {
                byReason.GetValueOrDefault((kind, reason)).ShouldBe(count, $"{kind} {reason}");
            }
        }

        P.Manifest.Files.Sum(f => f.Corrupt).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Silver_HoldsEachCleanRecordOnce()
    {
        P.Rows("SELECT count(*), count(DISTINCT event_id) FROM silver.events")[0]
            .ShouldBe([(long)P.Shop.Events.Count, (long)P.Shop.Events.Count]);
        P.Rows("SELECT count(*), count(DISTINCT order_id) FROM silver.orders")[0]
            .ShouldBe([(long)P.Shop.Orders.Select(o => o.OrderId).Distinct().Count(), (long)P.Shop.Orders.Select(o => o.OrderId).Distinct().Count()]);
        P.Rows("SELECT count(*), count(DISTINCT update_id) FROM silver.inventory")[0]
            .ShouldBe([(long)P.Shop.Inventory.Count, (long)P.Shop.Inventory.Count]);
        P.Shop.DuplicatedEventIds.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void LateEvents_LandInTheirEventDay()
    {
        var truth = P.Shop.Events.GroupBy(e => DateOnly.FromDateTime(e.EventTime.UtcDateTime))
            .Select(g => (g.Key, (long)g.Count())).OrderBy(t => t.Key).ToList();

        var silver = P.Rows("SELECT dt, count(*) FROM silver.events GROUP BY 1 ORDER BY 1")
            .Select(r => (Values.Date(r[0]), (long)r[1]!)).ToList();

        silver.ShouldBe(truth);
        P.Shop.LateEventIds.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void RecordAccounting_BalancesForEveryBatch()
    {
        var batches = P.Catalog.ListBatches();
        batches.ShouldNotBeEmpty();
        batches.ShouldAllBe(b => b.Received == b.Accepted + b.Quarantined + b.Duplicates);
        batches.Where(b => b.Stage == "ingest").Sum(b => b.Received)
            .ShouldBe(P.Manifest.Files.Sum(f => f.Lines));
    }
}
