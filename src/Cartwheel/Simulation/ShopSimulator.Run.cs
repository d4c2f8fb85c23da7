using Cartwheel.Contracts;
using Cartwheel.Simulation.Commerce;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation;

public sealed partial class ShopSimulator
{
    private const long MillisecondsPerHour = 3_600_000;

    /// <summary>
    /// Generates session by session in start-time order. Before a session starts, everything that arrives earlier
    /// is final (later sessions only add later records), so it is written and leaves memory.
    /// </summary>
    private SimulationManifest Run(ShopOutput output, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var o = Options;
        var world = World.Create(o);
        output.AddUsers(world.Users);
        output.AddProducts(world.Products);

        // Separate streams: arrival times and stock never shift what shoppers do.
        var traffic = new Random(unchecked((o.Seed * 31) + 1));
        var arrivals = new Random(unchecked((o.Seed * 31) + 2));
        var sessions = new SessionGenerator(world, traffic);
        var ledger = new InventoryLedger(world.Products, unchecked((o.Seed * 31) + 3), output.AddInventory, o.NotAfter);
        ledger.Open(o.StartTime);

        var perDay = Traffic.SessionsPerDay(o);
        var total = perDay.Sum();
        long done = 0, events = 0;
        for (var d = 0; d < o.Days; d++)
        {
            var day = o.StartTime.AddDays(d);
            ledger.PlanAdjustments(day);
            foreach (var ticks in Traffic.SessionStarts(day, perDay[d], traffic))
            {
                var start = new DateTimeOffset(ticks, TimeSpan.Zero);
                ledger.ApplyBefore(start);
                output.FlushBefore(start);
                var session = sessions.NewSession(start);
                var generated = sessions.Events(session, start, out var order);
                foreach (var e in generated)
                {
                    e.Late = arrivals.NextDouble() < o.LateRate;
                    e.IngestionTime = e.Late
                        ? e.EventTime.AddMilliseconds(arrivals.NextInt64(2 * MillisecondsPerHour, (48 * MillisecondsPerHour) + 1))
                        : e.EventTime.AddMilliseconds(arrivals.Next(200, 8_000));
                    output.AddEvent(e);
                }

                if (order is not null)
                {
                    AddOrder(order, o.NotAfter, world, output, ledger);
                }

                events += generated.Count;
                if ((++done & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new SimulationProgress(done, total, events));
                }
            }
        }

        ledger.ApplyAll();
        output.FlushAll();
        progress?.Report(new SimulationProgress(done, total, events));
        return new SimulationManifest(o, output.Manifest());
    }

    /// <summary>
    /// Writes an order's versions. A later change (cancellation or refund) dated after <paramref name="notAfter"/>
    /// has not happened yet, so it is left out: nothing the demo simulates lies in the future, where the pipeline
    /// would rightly quarantine it as implausible.
    /// </summary>
    private static void AddOrder(List<Order> versions, DateTimeOffset? notAfter, World world, ShopOutput output, InventoryLedger ledger)
    {
        foreach (var version in versions)
        {
            if (version.Status is OrderStatus.Refunded or OrderStatus.Cancelled && version.UpdatedAt > notAfter)
            {
                continue;
            }

            output.AddOrder(version);
            foreach (var item in version.Items)
            {
                if (version.Status == OrderStatus.Completed)
                {
                    ledger.Sale(world.Product(item.ProductId), item.Quantity, version.UpdatedAt);
                }
                else if (version.Status == OrderStatus.Refunded)
                {
                    ledger.Return(world.Product(item.ProductId), item.Quantity, version.UpdatedAt);
                }
            }
        }
    }
}
