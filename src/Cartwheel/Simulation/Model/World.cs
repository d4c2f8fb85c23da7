using Bogus;

namespace Cartwheel.Simulation.Model;

/// <summary>The customers and catalog of one run, with the popularity tables sessions draw from.</summary>
internal sealed class World
{
    private readonly int[] _userByRank;
    private readonly double[] _userWeights;
    private readonly SimProduct[] _productByRank;
    private readonly double[] _productWeights;
    private readonly Dictionary<string, SimProduct> _productById;

    private World(List<SimUser> users, List<SimProduct> products, Random random)
    {
        Users = users;
        Products = products;

        // Repeat customers: a few users come back far more often than most (Zipf over a random order).
        _userByRank = Enumerable.Range(0, users.Count).ToArray();
        random.Shuffle(_userByRank);
        _userWeights = Sampling.Zipf(users.Count, 0.6);

        // Zipf-popular products; inactive products are never shown.
        _productByRank = products.Where(p => p.Versions[0].IsActive).ToArray();
        if (_productByRank.Length == 0)
        {
            _productByRank = [.. products];
        }

        random.Shuffle(_productByRank);
        _productWeights = Sampling.Zipf(_productByRank.Length, 1.1);
        _productById = products.ToDictionary(p => p.Id, StringComparer.Ordinal);
        SearchTerms = products.Select(p => p.Versions[0].Name.Split(' ')[^1].ToLowerInvariant()).ToArray();
    }

    public List<SimUser> Users { get; }

    public List<SimProduct> Products { get; }

    /// <summary>What shoppers type to find each product.</summary>
    public string[] SearchTerms { get; }

    public static World Create(SimulationOptions options)
    {
        // Local seeded instances only: Bogus' Randomizer.Seed is global state.
        var faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        var random = new Random(options.Seed);
        var users = UserFactory.Create(options, faker, random);
        var products = ProductFactory.Create(options, faker, random);
        return new World(users, products, random);
    }

    public SimUser PickUser(Random random) => Users[_userByRank[Sampling.Pick(_userWeights, random)]];

    public SimProduct Product(string id) => _productById[id];

    public SimProduct PickProduct(Random random) => _productByRank[Sampling.Pick(_productWeights, random)];
}
