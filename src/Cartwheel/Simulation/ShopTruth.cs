using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Simulation.Formats;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation;

/// <summary>Collects the clean records as they are written (each once), for <see cref="ShopSimulator.Generate"/>.</summary>
internal sealed class ShopTruth
{
    private readonly List<UserProfile> _users = [];
    private readonly List<Product> _products = [];
    private readonly List<ClickEvent> _events = [];
    private readonly List<Order> _orders = [];
    private readonly List<InventoryUpdate> _inventory = [];
    private readonly List<Seed004User> _seedUsers = [];
    private readonly List<Seed004Event> _seedEvents = [];
    private readonly List<Seed004Transaction> _seedTransactions = [];
    private readonly HashSet<string> _late = new(StringComparer.Ordinal);
    private readonly HashSet<string> _duplicated = new(StringComparer.Ordinal);

    public void User(UserProfile user, byte[] line) => _users.Add(user);

    public void Product(Product product, byte[] line) => _products.Add(product);

    public void Order(Order order, byte[] line) => _orders.Add(order);

    public void Inventory(InventoryUpdate update, byte[] line) => _inventory.Add(update);

    public void Seed004User(Seed004User user, byte[] line) => _seedUsers.Add(user);

    public void Seed004Transaction(Seed004Transaction transaction, byte[] line) => _seedTransactions.Add(transaction);

    /// <summary>A native event as the pipeline will read it: its written line parsed through the contract.</summary>
    public void Event(SimEvent e, byte[] line)
    {
        _events.Add(JsonSerializer.Deserialize(line, ContractsJsonContext.Default.ClickEvent)!);
        Late(e);
    }

    public void Seed004Event(SimEvent e, byte[] line)
    {
        _seedEvents.Add(Seed004EventsJsonFormat.ToSeed004(e));
        Late(e);
    }

    public void DuplicatedEvent(SimEvent e) => _duplicated.Add(e.EventId);

    public SimulatedShop Build(SimulationManifest manifest) => new(manifest, _users, _products, _events, _orders, _inventory,
        _seedUsers, _seedEvents, _seedTransactions, _late, _duplicated);

    private void Late(SimEvent e)
    {
        if (e.Late)
        {
            _late.Add(e.EventId);
        }
    }
}
