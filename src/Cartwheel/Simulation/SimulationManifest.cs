namespace Cartwheel.Simulation;

/// <summary>The options of a simulation run and what each file holds; written as <c>manifest.json</c>.</summary>
public sealed record SimulationManifest(SimulationOptions Options, IReadOnlyList<FileManifest> Files)
{
    /// <summary>The file manifest of a file name such as <c>events.jsonl</c>.</summary>
    public FileManifest this[string file] => Files.Single(f => f.File == file);
}
