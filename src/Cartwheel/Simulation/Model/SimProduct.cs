using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>A catalog product and the versions of its row, oldest first.</summary>
internal sealed class SimProduct(int index, List<Product> versions)
{
    public int Index { get; } = index;

    public string Id => Versions[0].ProductId;

    public List<Product> Versions { get; } = versions;

    /// <summary>The URL slug of the product's page.</summary>
    public string PageUrl { get; } = "https://shop.example.com/p/" + versions[0].ProductId;

    /// <summary>The product row valid at <paramref name="time"/>.</summary>
    public Product At(DateTimeOffset time) => Model.Versions.At(Versions, v => v.UpdatedAt, time);
}
