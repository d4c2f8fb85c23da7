using System.Globalization;
using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Lake.Parquet;
using Cartwheel.Warehouse;
using WarehouseDb = Cartwheel.Warehouse.Warehouse;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// A first build of silver users and products over many daily partitions at once (their bronze from the real
/// ingest, so our own bronze reader stages it, decision 33) against (1) an independent SQL over the same bronze read
/// by DuckDB's <c>read_parquet</c>, and (2) the same partitions built one at a time:
/// silver rows, record accounting, quarantine counts and quarantined records are equal.
/// </summary>
public sealed class SilverManyPartitionsTests : IDisposable
{
    private const int Days = 40;
    private static readonly DateOnly First = new(2024, 1, 1);
    private readonly string _input = Path.Combine(Path.GetTempPath(), "cw-many-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _roots = [];

    public static TheoryData<string> Kinds => ["users", "products"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Build_ManyPartitionsAtOnce_EqualsBronzeSqlAndOneAtATime(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var file = WriteInput(kind);

        var (data, catalog, warehouse) = Open();
        using var _ = warehouse;
        new BronzeIngestor(data, catalog).Ingest([file], cancellationToken: ct);
        var dates = catalog.ListBronzeDates(kind).ToHashSet();
        dates.Count.ShouldBe(Days);
        foreach (var bronze in catalog.ListBronzeFiles(kind))
        {
            // The case under test: every file is our writer's, so none is read by DuckDB's read_parquet.
            using var zstd = new ZstdDecompressor();
            using var reader = BronzeFileReader.Open(data.Absolute(bronze.Path), zstd);
        }

        var reports = new SilverBuilder(data, catalog, warehouse).Build(kind, dates, runId: null, ct);
        reports.Count.ShouldBe(Days);
        reports.Sum(r => r.Duplicates).ShouldBe(Days);
        reports.Sum(r => r.Quarantined).ShouldBe(2 * Days);

        // (1) The kind's SQL over bronze as DuckDB reads it, deduplicated by its rule.
        var expected = Expected(warehouse, data, catalog, kind);
        Silver(warehouse, data, catalog, kind).ShouldBe(expected.Rows);
        catalog.ListBatches("silver").Where(b => b.Kind == kind).OrderBy(b => b.Date, StringComparer.Ordinal)
            .Select(b => $"{b.Date} {b.Received} {b.Accepted} {b.Quarantined} {b.Duplicates}").ShouldBe(expected.Counts);

        // (2) The same partitions built one at a time, from the same bronze (silver forgotten in between).
        var atOnce = State(warehouse, data, catalog, kind);
        catalog.ClearSilver();
        Directory.Delete(Path.Combine(data.Lake, "silver"), recursive: true);
        Directory.Delete(Path.Combine(data.Quarantine, kind), recursive: true);
        foreach (var date in dates.Order())
        {
            new SilverBuilder(data, catalog, warehouse).Build(kind, new HashSet<DateOnly> { date }, runId: null, ct);
        }

        State(warehouse, data, catalog, kind).ShouldBe(atOnce);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Build_SecondIngestOverManyPartitions_AppendsAndEqualsAFullBuild(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, catalog, warehouse) = Open();
        using var _ = warehouse;
        new BronzeIngestor(data, catalog).Ingest([WriteInput(kind)], cancellationToken: ct);
        var dates = catalog.ListBronzeDates(kind).ToHashSet();
        new SilverBuilder(data, catalog, warehouse).Build(kind, dates, runId: null, ct);

        // The same rows again plus one new key (a file of the same content would not be ingested twice): every
        // partition gains a file of duplicates and rejects, the first day a new row too.
        var again = Path.Combine(_input, $"{kind}-again.csv");
        File.WriteAllText(again, File.ReadAllText(Path.Combine(_input, $"{kind}.csv")) + (kind == "users"
            ? "unew,n@x.com,N,9,US,NY,free,mobile,2024-01-01,2024-01-01T05:00:00Z\n"
            : "pnew,Cup,Home,Kitchen,Acme,1.00,true,2024-01-01T05:00:00Z\n"));
        new BronzeIngestor(data, catalog).Ingest([again], cancellationToken: ct);
        var reports = new SilverBuilder(data, catalog, warehouse).Build(kind, dates, runId: null, ct);
        // Only the first day's partition gained a silver file (its new key); the others kept theirs and counted duplicates.
        catalog.ListSilverFiles(kind).Count.ShouldBe(Days + 1);
        reports.Count(r => r.Rebuilt).ShouldBe(Days);
        var appended = State(warehouse, data, catalog, kind);

        catalog.ClearSilver();
        Directory.Delete(Path.Combine(data.Lake, "silver"), recursive: true);
        Directory.Delete(Path.Combine(data.Quarantine, kind), recursive: true);
        var rebuilt = new SilverBuilder(data, catalog, warehouse).Build(kind, dates, runId: null, ct);
        State(warehouse, data, catalog, kind).ShouldBe(appended);
        rebuilt.ShouldBe(reports);
    }

    /// <summary>A CSV of the kind over <see cref="Days"/> days: per day valid rows (odd text too), one duplicate and two rejected rows.</summary>
    private string WriteInput(string kind)
    {
        Directory.CreateDirectory(_input);
        var text = new StringBuilder(kind == "users"
            ? "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at\n"
            : "product_id,name,category,subcategory,brand,price,is_active,updated_at\n");
        for (var d = 0; d < Days; d++)
        {
            var day = First.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (kind == "users")
            {
                var a = $"u{d},u{d}@x.com,\"Zoë \"\"Z\"\", 東京\",1,DE,,free,mobile,{day},{day}T08:00:00Z";
                text.AppendLine(a).AppendLine(a)
                    .AppendLine(CultureInfo.InvariantCulture, $"u{d}b,b{d}@x.com,Bo,2,US,NY,vip,desktop,2023-12-01,{day}T09:30:00.123Z")
                    .AppendLine(CultureInfo.InvariantCulture, $"u{d}c,c{d}@x.com,Cy,3,US,CA,premium,tablet,{day},")
                    .AppendLine(CultureInfo.InvariantCulture, $"u{d}x,not-an-email,X,4,US,NY,free,mobile,{day},{day}T10:00:00Z")
                    .AppendLine(CultureInfo.InvariantCulture, $"u{d}y,y{d}@x.com,Y,5,US,NY,gold,mobile,{day},{day}T11:00:00Z");
            }
            else
            {
                var a = $"p{d},\"Mug, \"\"big\"\"\",Home,Kitchen,Acme – Ünïcode,9.99,true,{day}T00:00:00Z";
                text.AppendLine(a).AppendLine(a)
                    .AppendLine(CultureInfo.InvariantCulture, $"p{d}b,Cup,Home,Kitchen,O'Brien,0.50,false,{day}T12:34:56.789Z")
                    .AppendLine(CultureInfo.InvariantCulture, $"p{d}x,Bad,Home,Kitchen,Acme,-1,true,{day}T01:00:00Z")
                    .AppendLine(CultureInfo.InvariantCulture, $"p{d}y,Bad,Home,Kitchen,Acme,abc,true,{day}T02:00:00Z");
            }
        }

        var path = Path.Combine(_input, $"{kind}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private (DataDirectory Data, CatalogStore Catalog, WarehouseDb Warehouse) Open()
    {
        var data = new DataDirectory(Path.Combine(Path.GetTempPath(), "cw-many-" + Guid.NewGuid().ToString("N")));
        _roots.Add(data.Root);
        var catalog = CatalogStore.Open(data);
        return (data, catalog, WarehouseDb.Open(data));
    }

    /// <summary>The expected silver rows (sorted text) and per-date accounting, from bronze by <c>read_parquet</c>.</summary>
    private static (List<string> Rows, List<string> Counts) Expected(WarehouseDb warehouse, DataDirectory data, CatalogStore catalog, string kind)
    {
        var key = kind == "users" ? "user_id" : "product_id";
        warehouse.Execute(Cartwheel.Internal.SqlResources.Get("silver/_macros.sql"));
        warehouse.Execute("CREATE OR REPLACE TEMP VIEW silver_input AS SELECT * FROM read_parquet("
            + WarehouseDb.FileList(catalog.ListBronzeFiles(kind).Select(f => data.Absolute(f.Path)))
            + ", hive_partitioning = true, hive_types = {'dt': DATE})");
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE expected_stage AS SELECT *, CASE WHEN _reason IS NULL THEN row_number() OVER (" +
                          $"PARTITION BY dt, {key}, updated_at, _reason IS NULL ORDER BY ingestion_time, source_file, line_number) END AS _rank FROM (" +
                          Cartwheel.Internal.SqlResources.Get($"silver/{kind}.sql") + ")");
        var rows = warehouse.Strings(
            $"SELECT CAST(x AS VARCHAR) FROM (SELECT * EXCLUDE ({SilverBuilder.StageOnlyColumns}, _rank) FROM expected_stage WHERE _rank = 1) AS x ORDER BY 1");
        var counts = warehouse.Strings(
            "SELECT strftime(dt, '%Y-%m-%d') || ' ' || count(*) || ' ' || count(*) FILTER (_rank = 1) || ' ' || count(*) FILTER (_reason IS NOT NULL) " +
            "|| ' ' || count(*) FILTER (_rank > 1) FROM expected_stage GROUP BY dt ORDER BY dt");
        warehouse.Execute("DROP TABLE expected_stage; DROP VIEW silver_input;");
        return (rows, counts);
    }

    /// <summary>The current silver rows of a kind (sorted text), <c>dt</c> from the Hive path, in the staged column order.</summary>
    private static List<string> Silver(WarehouseDb warehouse, DataDirectory data, CatalogStore catalog, string kind) =>
        warehouse.Strings("SELECT CAST(x AS VARCHAR) FROM read_parquet("
                          + WarehouseDb.FileList(catalog.ListSilverFiles(kind).Select(f => data.Absolute(f.Path)))
                          + ", hive_partitioning = true, hive_types = {'dt': DATE}) AS x ORDER BY 1");

    /// <summary>Silver rows, accounting, quarantine counts and quarantined records.</summary>
    private static List<string> State(WarehouseDb warehouse, DataDirectory data, CatalogStore catalog, string kind)
    {
        var state = Silver(warehouse, data, catalog, kind);
        state.AddRange(catalog.ListBatches("silver").Where(b => b.Kind == kind).OrderBy(b => b.Date, StringComparer.Ordinal)
            .Select(b => $"batch {b.Date} {b.Source} {b.Received} {b.Accepted} {b.Quarantined} {b.Duplicates}"));
        // Counts per partition and reason (an append records its batch's counts beside the earlier ones).
        state.AddRange(catalog.ListQuarantineCounts("silver").Where(q => q.Kind == kind).GroupBy(q => (q.Date, q.Reason)).OrderBy(g => g.Key)
            .Select(g => $"quarantine {g.Key.Date} {g.Key.Reason} {g.Sum(q => q.Count)}"));
        // Quarantined records with their partition (an append writes its rejects to a file of their own).
        state.AddRange(Directory.GetFiles(Path.Combine(data.Quarantine, kind), "silver-*.jsonl")
            .SelectMany(f => File.ReadAllLines(f).Select(line => Path.GetFileName(f)[..17] + ": " + line)).Order(StringComparer.Ordinal));
        return state;
    }

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            CatalogStore.ReleaseConnections(new DataDirectory(root));
        }

        foreach (var root in _roots.Append(_input).Where(Directory.Exists))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
