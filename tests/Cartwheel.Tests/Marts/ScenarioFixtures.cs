using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>Fixtures loaded with <see cref="ShopScenario"/>, owned by one test and disposed with it.</summary>
internal sealed class ScenarioFixtures : IDisposable
{
    private readonly List<BronzeFixture> _fixtures = [];

    public BronzeFixture New()
    {
        var f = new BronzeFixture();
        _fixtures.Add(f);
        ShopScenario.Load(f);
        return f;
    }

    public void Dispose()
    {
        foreach (var f in _fixtures)
        {
            f.Dispose();
        }
    }
}
