namespace Cartwheel.Simulation;

/// <summary>What one written file holds. <c>Lines = Records + Duplicates + Corrupt</c> (CSV header not counted).</summary>
/// <param name="File">The file name inside the output directory.</param>
/// <param name="Lines">Data lines written.</param>
/// <param name="Records">Clean logical records (each counted once).</param>
/// <param name="Duplicates">Extra copies of clean lines.</param>
/// <param name="Late">Clean records that arrive late (click events only).</param>
/// <param name="Corrupt">Corrupt lines written instead of a record.</param>
/// <param name="CorruptByReason">Corrupt lines per quarantine reason code of docs/data-model.md.</param>
public sealed record FileManifest(
    string File,
    long Lines,
    long Records,
    long Duplicates,
    long Late,
    long Corrupt,
    IReadOnlyDictionary<string, long> CorruptByReason);
