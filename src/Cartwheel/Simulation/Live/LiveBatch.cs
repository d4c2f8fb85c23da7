using System.Text.Json.Nodes;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Live;

/// <summary>What <see cref="LiveTraffic.Next"/> produced: Segment messages for <c>/v1/batch</c> and inventory updates for <c>/api/v1/events/inventory</c>.</summary>
internal sealed record LiveBatch(JsonArray Messages, IReadOnlyList<InventoryUpdate> Inventory);
