using Cartwheel.Simulation;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>A native-format shop with late, duplicate and corrupt data (a high corrupt rate, so every reason shows up).</summary>
public sealed class NativeShopFixture() : IDisposable
{
    public ShopPipeline Pipeline { get; } = new(new SimulationOptions
    {
        Seed = 20241123,
        Users = 400,
        Products = 80,
        Days = 4,
        Start = new DateOnly(2024, 5, 6),
        LateRate = 0.05,
        DuplicateRate = 0.03,
        CorruptRate = 0.01,
    });

    public void Dispose() => Pipeline.Dispose();
}
