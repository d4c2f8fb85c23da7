using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Simulation;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>
/// One simulated shop taken through the whole embedded pipeline: the simulator's files are ingested into
/// bronze, and silver and gold are built for every simulated date. Tests compare what comes out with the
/// simulator's own truth (its clean records, each once).
/// </summary>
public sealed class ShopPipeline : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-e2e-" + Guid.NewGuid().ToString("N"));

    public ShopPipeline(SimulationOptions options)
    {
        Options = options;
        Shop = new ShopSimulator(options).Generate();
        InputDirectory = Path.Combine(_root, "input");
        Manifest = new ShopSimulator(options).WriteTo(InputDirectory);
        DataDirectory = new DataDirectory(Path.Combine(_root, "data"));
        Catalog = CatalogStore.Open(DataDirectory);
        IngestReport = Ingest();
        Warehouse = Cartwheel.Warehouse.Warehouse.Open(DataDirectory);
        RunReport = RunAllDates();
    }

    public SimulationOptions Options { get; }

    public SimulatedShop Shop { get; }

    public SimulationManifest Manifest { get; }

    public string InputDirectory { get; }

    public DataDirectory DataDirectory { get; }

    public CatalogStore Catalog { get; }

    public Cartwheel.Warehouse.Warehouse Warehouse { get; private set; }

    public IngestReport IngestReport { get; }

    public RunReport RunReport { get; }

    public IngestReport Ingest() => new BronzeIngestor(DataDirectory, Catalog).Ingest([InputDirectory]);

    /// <summary>
    /// Runs every date that has facts in bronze: the simulated days, plus the days after them that still get
    /// records (sessions past midnight, refunds, returns and restocks).
    /// </summary>
    public RunReport RunAllDates()
    {
        var dates = new[] { "events", "orders", "inventory", "transactions" }.SelectMany(k => Catalog.ListBronzeDates(k)).ToList();
        return Runner().RunRange(dates.Min(), dates.Max());
    }

    public PipelineRunner Runner() => new(DataDirectory, Catalog, Warehouse);

    /// <summary>Closes and reopens the warehouse, as a new process would.</summary>
    public void Reopen()
    {
        Warehouse.Dispose();
        Warehouse = Cartwheel.Warehouse.Warehouse.Open(DataDirectory);
    }

    public IReadOnlyList<IReadOnlyList<object?>> Rows(string sql) => ReadOnlyQuery.Execute(Warehouse, sql, int.MaxValue).Rows;

    /// <summary>Per gold table: row count and md5 of its sorted rows (optionally without audit columns).</summary>
    public IReadOnlyDictionary<string, string> GoldChecksums(bool excludeAudit)
    {
        var tables = Rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'gold' ORDER BY table_name")
            .Select(r => (string)r[0]!).ToList();
        return tables.ToDictionary(t => t, t =>
        {
            var columns = Rows($"SELECT column_name FROM information_schema.columns WHERE table_schema = 'gold' AND table_name = '{t}'")
                .Select(r => (string)r[0]!).ToList();
            var exclude = excludeAudit && columns.Contains("processing_timestamp") ? " EXCLUDE (processing_timestamp)" : string.Empty;
            var row = Rows($"SELECT count(*), md5(coalesce(string_agg(CAST(x AS VARCHAR), chr(10) ORDER BY CAST(x AS VARCHAR)), '')) " +
                           $"FROM (SELECT *{exclude} FROM gold.{t}) AS x")[0];
            return $"{row[0]}:{row[1]}";
        }, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        Warehouse.Dispose();
        CatalogStore.ReleaseConnections(DataDirectory);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
