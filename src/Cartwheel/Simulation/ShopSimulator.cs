using System.Text.Json;

namespace Cartwheel.Simulation;

/// <summary>
/// The deterministic shop simulator: the same <see cref="SimulationOptions"/> always give byte-identical files.
/// <see cref="WriteTo"/> streams any size to disk with bounded memory; <see cref="Generate"/> runs the very same
/// generation in memory and returns the clean records, for tests of small runs.
/// </summary>
public sealed partial class ShopSimulator
{
    /// <summary>The manifest's file name in the output directory.</summary>
    public const string ManifestFileName = "manifest.json";

    private static readonly JsonSerializerOptions ManifestJson = new(SimulationJsonContext.Default.Options) { WriteIndented = true };

    /// <summary>Validates the options; throws <see cref="CartwheelException"/> (<see cref="ErrorCodes.InvalidArgument"/>) if invalid.</summary>
    public ShopSimulator(SimulationOptions options) => Options = options.Validate();

    public SimulationOptions Options { get; }

    /// <summary>Runs the simulation in memory and returns the clean records each once, with the manifest of the files it would write.</summary>
    public SimulatedShop Generate(CancellationToken cancellationToken = default)
    {
        var truth = new ShopTruth();
        SimulationManifest manifest;
        using (var output = new ShopOutput(Options, _ => Stream.Null, truth))
        {
            manifest = Run(output, null, cancellationToken);
        }

        return truth.Build(manifest);
    }

    /// <summary>Writes the files of <see cref="SimulationOptions.Format"/> and <c>manifest.json</c> into <paramref name="outDir"/>.</summary>
    public SimulationManifest WriteTo(string outDir, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outDir);
        SimulationManifest manifest;
        using (var output = new ShopOutput(Options, name => new FileStream(Path.Combine(outDir, name), FileMode.Create, FileAccess.Write,
                   FileShare.None, 1 << 20), null))
        {
            manifest = Run(output, progress, cancellationToken);
        }

        File.WriteAllText(Path.Combine(outDir, ManifestFileName), JsonSerializer.Serialize(manifest, ManifestJson) + "\n");
        return manifest;
    }

    /// <summary>Reads a <c>manifest.json</c> written by <see cref="WriteTo"/>.</summary>
    public static SimulationManifest ReadManifest(string path) =>
        JsonSerializer.Deserialize<SimulationManifest>(File.ReadAllText(path), ManifestJson)
        ?? throw new CartwheelException(ErrorCodes.InputUnreadable, $"{path} holds no manifest.");
}
