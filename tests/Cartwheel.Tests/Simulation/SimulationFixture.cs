using Cartwheel.Simulation;

namespace Cartwheel.Tests.Simulation;

/// <summary>Temp directories for simulator runs, removed after the test class.</summary>
public sealed class SimulationFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-sim-" + Guid.NewGuid().ToString("N"));

    public string Write(SimulationOptions options, string name)
    {
        var directory = Path.Combine(_root, name);
        new ShopSimulator(options).WriteTo(directory, null, TestContext.Current.CancellationToken);
        return directory;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
