namespace Cartwheel;

/// <summary>
/// The layout of a Cartwheel data directory: the SQLite catalog, the DuckDB warehouse, the Parquet
/// lake, quarantined records and reports. Immutable; paths are absolute.
/// </summary>
public sealed record DataDirectory
{
    /// <summary>The environment variable that overrides the default data directory.</summary>
    public const string EnvironmentVariable = "CARTWHEEL_DATA_DIR";

    /// <summary>The default data directory, relative to the working directory.</summary>
    public const string DefaultPath = "cartwheel-data";

    public DataDirectory(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    public string CatalogPath => Path.Combine(Root, "catalog.db");

    public string WarehousePath => Path.Combine(Root, "warehouse.duckdb");

    public string Lake => Path.Combine(Root, "lake");

    public string Quarantine => Path.Combine(Root, "quarantine");

    public string Reports => Path.Combine(Root, "reports");

    /// <summary>Scratch space for writes in progress; files move out of it by rename only.</summary>
    public string Staging => Path.Combine(Root, "lake", "_staging");

    /// <summary>Ingest's own part of <see cref="Staging"/>: its crash recovery clears only this, never a concurrent silver build's files.</summary>
    public string IngestStaging => Path.Combine(Staging, "ingest");

    /// <summary>The stream processor's own part of <see cref="Staging"/>.</summary>
    public string StreamStaging => Path.Combine(Staging, "stream");

    /// <summary>The folder of one layer and kind, e.g. <c>lake/bronze/events</c>.</summary>
    public string LayerPath(string layer, string kind) => Path.Combine(Lake, layer, kind);

    /// <summary>The folder of one date partition, e.g. <c>lake/bronze/events/dt=2024-01-02</c>.</summary>
    public string PartitionPath(string layer, string kind, DateOnly date) =>
        Path.Combine(LayerPath(layer, kind), "dt=" + date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A path relative to <see cref="Root"/>, with '/' separators, as stored in the catalog.</summary>
    public string Relative(string absolutePath) => Path.GetRelativePath(Root, absolutePath).Replace('\\', '/');

    /// <summary>The absolute path of a catalog-relative path.</summary>
    public string Absolute(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>Resolves the data directory from an option value, the environment, or the default.</summary>
    public static DataDirectory Resolve(string? option) =>
        new(!string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
            : DefaultPath);

    /// <summary>Creates the folders of the layout.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Lake);
        Directory.CreateDirectory(Quarantine);
        Directory.CreateDirectory(Reports);
        Directory.CreateDirectory(IngestStaging);
    }
}
