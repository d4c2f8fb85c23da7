using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Live;

/// <summary>
/// Live shop traffic for <c>cartwheel demo</c>: the simulator's customers, catalog and session model, turned into
/// Segment messages (as @segment/analytics-node sends them) stamped with the time they are sent, plus the inventory
/// updates the sales cause. Many sessions are open at once and their events interleave; each session's events keep
/// their order. The shop (customers, products) comes from the options' seed, so ids match the batch demo; the traffic
/// from <c>trafficSeed</c>, random by default, so a second run does not resend the first run's event ids. No clock of
/// its own: the caller passes "now".
/// </summary>
internal sealed class LiveTraffic
{
    private const string Warehouse = "WH-LIVE";
    private const int RestockBelow = 3;

    private readonly World _world;
    private readonly SessionGenerator _sessions;
    private readonly Random _random;
    private readonly int _openSessions;
    private readonly List<Queue<JsonObject>> _open = [];
    private readonly Dictionary<string, int> _stock = new(StringComparer.Ordinal);
    private readonly List<InventoryUpdate> _inventory = [];

    /// <param name="options">The shop: seed, customers, products.</param>
    /// <param name="trafficSeed">Seed of the sessions and ids; null for a random one.</param>
    /// <param name="openSessions">How many sessions browse at the same time.</param>
    public LiveTraffic(SimulationOptions options, int? trafficSeed = null, int openSessions = 60)
    {
        _world = World.Create(options);
        _random = trafficSeed is { } seed ? new Random(seed) : new Random();
        _sessions = new SessionGenerator(_world, _random);
        _openSessions = Math.Max(1, openSessions);
    }

    /// <summary>The next <paramref name="count"/> Segment messages, all stamped <paramref name="now"/>, and the inventory updates their sales caused.</summary>
    public LiveBatch Next(int count, DateTimeOffset now)
    {
        var messages = new JsonArray();
        while (messages.Count < count)
        {
            while (_open.Count < _openSessions)
            {
                Open(now);
            }

            var index = _random.Next(_open.Count);
            var message = _open[index].Dequeue();
            if (_open[index].Count == 0)
            {
                _open.RemoveAt(index);
            }

            message["timestamp"] = now.ToString("O");
            if (message["event"]?.GetValue<string>() == SegmentMessages.OrderCompleted)
            {
                Sold(message, now);
            }

            messages.Add(message);
        }

        var inventory = _inventory.ToList();
        _inventory.Clear();
        return new LiveBatch(messages, inventory);
    }

    private void Open(DateTimeOffset now)
    {
        var session = _sessions.NewSession(now);
        var events = _sessions.Events(session, now, out var versions);
        var queue = new Queue<JsonObject>();
        if (session.UserId is { } userId && _random.NextDouble() < 0.04)
        {
            // A customer who signs up now: counted as a new user.
            queue.Enqueue(SegmentMessages.SignUp(session, userId, Sampling.Id("e_", _random), now));
        }

        var completed = versions?.FirstOrDefault(v => v.Status == OrderStatus.Completed);
        foreach (var e in events)
        {
            if (e.Type == ClickEventType.Purchase)
            {
                if (completed is not null)
                {
                    queue.Enqueue(SegmentMessages.OrderCompletedMessage(e, completed));
                }

                continue;
            }

            queue.Enqueue(SegmentMessages.From(e));
        }

        if (completed is not null && versions!.Any(v => v.Status == OrderStatus.Refunded))
        {
            queue.Enqueue(SegmentMessages.Refund(events[^1], completed, Sampling.Id("e_", _random)));
        }

        _open.Add(queue);
    }

    /// <summary>Each sold line lowers the product's stock; near empty it is restocked.</summary>
    private void Sold(JsonObject orderCompleted, DateTimeOffset now)
    {
        foreach (var line in orderCompleted["properties"]!["products"]!.AsArray())
        {
            var product = line!["product_id"]!.GetValue<string>();
            var quantity = line["quantity"]!.GetValue<int>();
            var onHand = _stock.TryGetValue(product, out var known) ? known : _random.Next(8, 40);
            onHand = Math.Max(0, onHand - quantity);
            _inventory.Add(new InventoryUpdate(Sampling.Id("inv_", _random), product, Warehouse, onHand, -quantity, InventoryReason.Sale, now));
            if (onHand < RestockBelow && _random.NextDouble() < 0.5)
            {
                var delivered = _random.Next(20, 60);
                onHand += delivered;
                _inventory.Add(new InventoryUpdate(Sampling.Id("inv_", _random), product, Warehouse, onHand, delivered, InventoryReason.Restock, now));
            }

            _stock[product] = onHand;
        }
    }
}
