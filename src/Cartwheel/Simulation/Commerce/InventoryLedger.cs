using Cartwheel.Contracts;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Commerce;

/// <summary>
/// Stock per product and warehouse, changed in time order: sales sell it down, low stock is restocked a day or
/// three later (except for some neglected products, which stay low), refunds come back as returns, and stock
/// counts find small differences (adjustments). A level never goes below zero.
/// </summary>
internal sealed class InventoryLedger
{
    private static readonly string[] Warehouses = ["wh_east", "wh_west", "wh_central"];
    private const int LowStock = 10;

    private readonly List<SimProduct> _products;
    private readonly Random _random;
    private readonly Action<InventoryUpdate> _emit;
    private readonly int[,] _onHand;
    private readonly bool[,] _restockPending;
    private readonly bool[] _neglected;
    private readonly PriorityQueue<Change, (long Ticks, long Sequence)> _changes = new();
    private readonly long _notAfterTicks;
    private long _sequence;

    /// <param name="notAfter">Restocks, returns and adjustments dated after it are dropped (not happened yet).</param>
    public InventoryLedger(List<SimProduct> products, int seed, Action<InventoryUpdate> emit, DateTimeOffset? notAfter = null)
    {
        _notAfterTicks = notAfter?.UtcTicks ?? long.MaxValue;
        _products = products;
        _random = new Random(seed);
        _emit = emit;
        _onHand = new int[products.Count, Warehouses.Length];
        _restockPending = new bool[products.Count, Warehouses.Length];
        _neglected = products.Select(_ => _random.NextDouble() < 0.1).ToArray();
    }

    /// <summary>Opening stock counts at the start of the window.</summary>
    public void Open(DateTimeOffset time)
    {
        for (var p = 0; p < _products.Count; p++)
        {
            for (var w = 0; w < Warehouses.Length; w++)
            {
                var quantity = _random.NextDouble() < 0.08 ? _random.Next(3, 12) : _random.Next(20, 400);
                Apply(p, w, quantity, InventoryReason.Restock, time);
            }
        }
    }

    public void Sale(SimProduct product, int quantity, DateTimeOffset time) => Enqueue(new Change(product.Index, -1, -quantity, InventoryReason.Sale), time);

    public void Return(SimProduct product, int quantity, DateTimeOffset time) =>
        Enqueue(new Change(product.Index, product.Index % Warehouses.Length, quantity, InventoryReason.Return), time);

    /// <summary>Plans a day's stock-count adjustments for about 2% of product-warehouse pairs.</summary>
    public void PlanAdjustments(DateTimeOffset day)
    {
        var count = Math.Max(1, _products.Count * Warehouses.Length / 50);
        for (var i = 0; i < count; i++)
        {
            var delta = _random.Next(1, 4) * (_random.NextDouble() < 0.7 ? -1 : 1);
            Enqueue(new Change(_random.Next(_products.Count), _random.Next(Warehouses.Length), delta, InventoryReason.Adjustment),
                Sampling.Between(day, day.AddDays(1), _random));
        }
    }

    /// <summary>Applies every change that happens before <paramref name="watermark"/>, in time order.</summary>
    public void ApplyBefore(DateTimeOffset watermark)
    {
        while (_changes.TryPeek(out _, out var priority) && priority.Ticks < watermark.UtcTicks)
        {
            var change = _changes.Dequeue();
            if (change.Reason != InventoryReason.Sale && priority.Ticks > _notAfterTicks)
            {
                // Planned for after the export's cut-off: it has not happened yet. Sales belong to orders already
                // written, so they (and the emergency delivery one may need) always apply.
                continue;
            }

            ApplyChange(change, new DateTimeOffset(priority.Ticks, TimeSpan.Zero));
        }
    }

    public void ApplyAll() => ApplyBefore(DateTimeOffset.MaxValue);

    private void ApplyChange(Change change, DateTimeOffset time)
    {
        var p = change.Product;
        switch (change.Reason)
        {
            case InventoryReason.Sale:
                var w = FullestWarehouse(p);
                var quantity = -change.Delta;
                if (_onHand[p, w] < quantity)
                {
                    // An emergency delivery: the shop does not oversell.
                    Apply(p, w, quantity + _random.Next(20, 100), InventoryReason.Restock, time);
                }

                Apply(p, w, change.Delta, InventoryReason.Sale, time);
                if (_onHand[p, w] < LowStock && !_neglected[p] && !_restockPending[p, w])
                {
                    _restockPending[p, w] = true;
                    Enqueue(new Change(p, w, _random.Next(50, 300), InventoryReason.Restock), time.AddMinutes(_random.Next(1440, 3 * 1440)));
                }

                break;
            case InventoryReason.Restock:
                _restockPending[p, change.Warehouse] = false;
                Apply(p, change.Warehouse, change.Delta, InventoryReason.Restock, time);
                break;
            case InventoryReason.Adjustment:
                var delta = Math.Max(change.Delta, -_onHand[p, change.Warehouse]);
                if (delta != 0)
                {
                    Apply(p, change.Warehouse, delta, InventoryReason.Adjustment, time);
                }

                break;
            default:
                Apply(p, change.Warehouse, change.Delta, change.Reason, time);
                break;
        }
    }

    private int FullestWarehouse(int product)
    {
        var best = 0;
        for (var w = 1; w < Warehouses.Length; w++)
        {
            if (_onHand[product, w] > _onHand[product, best])
            {
                best = w;
            }
        }

        return best;
    }

    private void Apply(int product, int warehouse, int delta, InventoryReason reason, DateTimeOffset time)
    {
        _onHand[product, warehouse] += delta;
        _emit(new InventoryUpdate(Sampling.Id("iu_", _random), _products[product].Id, Warehouses[warehouse],
            _onHand[product, warehouse], delta, reason, time));
    }

    private void Enqueue(Change change, DateTimeOffset time) => _changes.Enqueue(change, (time.UtcTicks, _sequence++));

    private readonly record struct Change(int Product, int Warehouse, int Delta, InventoryReason Reason);
}
