using Bogus;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>
/// Creates the catalog: products listed well before the window; during it some change price (once or twice) and a
/// few change category, each change a new row with a later updated_at.
/// </summary>
internal static class ProductFactory
{
    public static List<SimProduct> Create(SimulationOptions options, Faker faker, Random random)
    {
        var start = options.StartTime;
        var end = options.End;
        var products = new List<SimProduct>(options.Products);
        for (var i = 0; i < options.Products; i++)
        {
            var price = Sampling.Money(Math.Exp(Math.Log(3) + (random.NextDouble() * (Math.Log(400) - Math.Log(3)))));
            var listed = Sampling.Between(start.AddDays(-720), start.AddDays(-30), random);
            var row = new Product($"prod_{i + 1:D5}", faker.Commerce.ProductName(), faker.Commerce.Department(1),
                faker.Commerce.ProductMaterial(), faker.Company.CompanyName(), price, random.NextDouble() >= 0.03, listed);
            var versions = new List<Product> { row };
            var roll = random.NextDouble();
            var changes = roll < 0.06 ? 2 : roll < 0.25 ? 1 : 0;
            var times = Enumerable.Range(0, changes).Select(_ => Sampling.Between(start, end, random)).Order().ToList();
            foreach (var time in times)
            {
                var previous = versions[^1];
                var factor = 0.8 + (random.NextDouble() * 0.4);
                var changed = previous with
                {
                    Price = Math.Max(0.99m, Sampling.Money((double)previous.Price * factor)),
                    UpdatedAt = time > previous.UpdatedAt ? time : previous.UpdatedAt.AddSeconds(1),
                };
                versions.Add(changed);
            }

            if (random.NextDouble() < 0.05)
            {
                var previous = versions[^1];
                var time = Sampling.Between(start, end, random);
                versions.Add(previous with
                {
                    Category = faker.Commerce.Department(1),
                    UpdatedAt = time > previous.UpdatedAt ? time : previous.UpdatedAt.AddSeconds(1),
                });
            }

            products.Add(new SimProduct(i, versions));
        }

        return products;
    }
}
