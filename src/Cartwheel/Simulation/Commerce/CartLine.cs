using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Commerce;

/// <summary>A product and quantity in a shopper's cart.</summary>
internal sealed record CartLine(SimProduct Product, int Quantity);
