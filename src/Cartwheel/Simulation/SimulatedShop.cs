using Cartwheel.Contracts;

namespace Cartwheel.Simulation;

/// <summary>
/// The clean logical records of a simulation run, each once, in file order; a record replaced by a corrupt line is
/// not here. Native runs fill the contract lists, seed004 runs the <c>Seed004*</c> lists. For small runs only.
/// </summary>
public sealed record SimulatedShop(
    SimulationManifest Manifest,
    IReadOnlyList<UserProfile> UserProfiles,
    IReadOnlyList<Product> Products,
    IReadOnlyList<ClickEvent> Events,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<InventoryUpdate> Inventory,
    IReadOnlyList<Seed004User> Seed004Users,
    IReadOnlyList<Seed004Event> Seed004Events,
    IReadOnlyList<Seed004Transaction> Seed004Transactions,
    IReadOnlySet<string> LateEventIds,
    IReadOnlySet<string> DuplicatedEventIds);
