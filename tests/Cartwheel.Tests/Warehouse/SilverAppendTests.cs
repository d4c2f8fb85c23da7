using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// The silver append path (a partition that gained bronze files parses only those) against a full build of the same
/// bronze (<c>rebuild</c>): sorted silver contents, record accounting, quarantine counts and quarantined records are
/// equal, for every kind. Each scenario's second file only adds keys or duplicates (an appended file); its third holds
/// a copy that beats a kept row (ingested earlier, or an order's later version), so the partition is rewritten.
/// </summary>
public sealed class SilverAppendTests : IDisposable
{
    private static readonly DateOnly Day = new(2024, 3, 1);
    private static readonly DateTimeOffset Ingested = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly BronzeFixture _f = new();

    public static TheoryData<string> Kinds => ["events", "orders", "inventory", "users", "products", "transactions"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Run_AfterNewBronzeFiles_AppendsAndEqualsAFullBuild(string kind)
    {
        var files = Scenario(kind);
        var ct = TestContext.Current.CancellationToken;
        files[0](_f);
        _f.Runner().Run(Day, 0, cancellationToken: ct);
        var first = _f.Catalog.ListSilverPartitions(kind).Single();

        // Second file: new keys and duplicates only, appended as a second file of the partition.
        files[1](_f);
        var appended = _f.Runner().Run(Day, 0, cancellationToken: ct).Partitions.Single(p => p.Kind == kind);
        var paths = _f.Catalog.ListSilverFiles(kind).Select(f => f.Path).ToList();
        (paths.Count, paths[0]).ShouldBe((2, first.Path));
        Directory.GetFiles(_f.DataDirectory.PartitionPath("silver", kind, Day)).Order(StringComparer.Ordinal)
            .ShouldBe(paths.Select(_f.DataDirectory.Absolute).Order(StringComparer.Ordinal));
        var state = State(kind);
        var rebuilt = _f.Runner().Rebuild(cancellationToken: ct).Partitions.Single(p => p.Kind == kind);
        State(kind).ShouldBe(state);
        appended.ShouldBe(rebuilt);

        // Third file: a copy that comes before a kept row: the partition is rewritten as one file.
        files[2](_f);
        var rewritten = _f.Runner().Run(Day, 0, cancellationToken: ct).Partitions.Single(p => p.Kind == kind);
        var single = _f.Catalog.ListSilverFiles(kind).ShouldHaveSingleItem();
        Directory.GetFiles(_f.DataDirectory.PartitionPath("silver", kind, Day)).ShouldBe([_f.DataDirectory.Absolute(single.Path)]);
        state = State(kind);
        rebuilt = _f.Runner().Rebuild(cancellationToken: ct).Partitions.Single(p => p.Kind == kind);
        State(kind).ShouldBe(state);
        rewritten.ShouldBe(rebuilt);
    }

    [Fact]
    public void Run_NewFileOfDuplicatesOnly_CountsThemAndKeepsTheBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        _f.Json("events", Day, SilverBuildTests.Event("e1", "s1", "page_view", "2024-03-01T10:00:00Z"));
        _f.Runner().Run(Day, 0, cancellationToken: ct);
        var before = _f.Catalog.ListSilverPartitions("events").Single();

        _f.Json("events", Day, SilverBuildTests.Event("e1", "s1", "page_view", "2024-03-01T10:00:00Z"), """{"session_id":"s1"}""");
        var report = _f.Runner().Run(Day, 0, cancellationToken: ct).Partitions.Single();

        (report.Received, report.Accepted, report.Quarantined, report.Duplicates).ShouldBe((3L, 1L, 1L, 1L));
        var after = _f.Catalog.ListSilverPartitions("events").Single();
        (after.Path, after.BatchId, after.RowCount).ShouldBe((before.Path, before.BatchId, 1L));
        _f.Catalog.ListSilverFiles("events").ShouldHaveSingleItem();
        _f.Catalog.ListQuarantineCounts("silver").Select(q => (q.Reason, q.Count)).ShouldBe([("missing_key", 1L)]);
    }

    /// <summary>Three bronze files of a kind for <see cref="Day"/>, committed in order.</summary>
    private static List<Action<BronzeFixture>> Scenario(string kind) => kind switch
    {
        "events" =>
        [
            f => f.Json("events", Day, Ev("e1"), Ev("e2"), Ev("e1"), """{"session_id":"s1","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
                """{"event_id":"e6","session_id":"s2","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"page_url":"/p/7","product_id":"p7","device":"mobile"}}"""),
            f => f.Json("events", Day, Ev("e2"), Ev("e3"), Ev("e3"), SilverBuildTests.Event("e4", "s1", "teleport", "2024-03-01T10:00:00Z"), Ev("e5")),
            f => Earlier(f, () => f.Json("events", Day, SilverBuildTests.Event("e1", "s9", "page_view", "2024-03-01T10:00:00Z", product: "p9"), Ev("e7"))),
        ],
        "orders" =>
        [
            f => f.Json("orders", Day, SilverBuildTests.Order("o1", "pending", "2024-03-01T09:00:00Z"), SilverBuildTests.Order("o2", "completed", "2024-03-01T09:30:00Z"),
                SilverBuildTests.Order("o2", "completed", "2024-03-01T09:30:00Z"), SilverBuildTests.Order("o9", "shipped", "2024-03-01T09:30:00Z")),
            f => f.Json("orders", Day, SilverBuildTests.Order("o3", "completed", "2024-03-01T10:00:00Z"), SilverBuildTests.Order("o2", "pending", "2024-03-01T09:10:00Z"),
                """{"order_id":"o4","status":"completed","items":[{"product_id":"p1","quantity":"two","unit_price":5}],"created_at":"2024-03-01T09:00:00Z"}"""),
            f => Later(f, () => f.Json("orders", Day, SilverBuildTests.Order("o1", "completed", "2024-03-01T11:00:00Z"),
                SilverBuildTests.Order("o3", "refunded", "2024-03-01T10:00:00Z"), SilverBuildTests.Order("o5", "completed", "2024-03-01T12:00:00Z"))),
        ],
        "inventory" =>
        [
            f => f.Json("inventory", Day, Inv("i1", 5), Inv("i2", 7), Inv("i1", 5), Inv("i8", 1, reason: "lost")),
            f => f.Json("inventory", Day, Inv("i2", 7), Inv("i3", 4), """{"update_id":"i9","product_id":"p1","on_hand":"x","reason":"sale","event_time":"2024-03-01T10:00:00Z"}"""),
            f => Earlier(f, () => f.Json("inventory", Day, Inv("i1", 6), Inv("i4", 2))),
        ],
        "users" =>
        [
            f => f.Csv("users", Day, UserHeader, User("u1", "08:00"), User("u1", "08:00"), "u2,not-an-email,Bob,2,US,NY,free,mobile,2024-02-01,2024-03-01T08:00:00Z", User("u3", "08:00")),
            f => f.Csv("users", Day, UserHeader, User("u1", "09:00", "premium"), User("u3", "08:00"), "u4,d@x.com,Di,4,US,NY,gold,mobile,2024-02-01,2024-03-01T08:00:00Z"),
            f => Earlier(f, () => f.Csv("users", Day, UserHeader, User("u3", "08:00", "vip"), User("u5", "10:00"))),
        ],
        "products" =>
        [
            f => f.Csv("products", Day, ProductHeader, Product("p1", "9.99"), Product("p1", "9.99"), Product("p2", "-1")),
            f => f.Csv("products", Day, ProductHeader, Product("p1", "9.99"), Product("p3", "abc"), Product("p4", "4.50")),
            f => Earlier(f, () => f.Csv("products", Day, ProductHeader, Product("p4", "5.00"), Product("p5", "1.00"))),
        ],
        "transactions" =>
        [
            f => f.Csv("transactions", Day, TransactionHeader, "t1,s1,u1,10.50,USD,2024-03-01T10:00:00Z", "t1,s1,u1,10.50,USD,2024-03-01T10:00:00Z",
                "t2,s1,u1,,USD,2024-03-01T10:00:00Z", "t3,s2,u2,3.00,USD,2024-03-01T11:00:00Z"),
            f => f.Csv("transactions", Day, TransactionHeader, "t3,s2,u2,3.00,USD,2024-03-01T11:00:00Z", "t4,s2,u2,-1,USD,2024-03-01T11:00:00Z",
                "t5,s3,u3,7.25,EUR,2024-03-01T12:00:00Z"),
            f => Earlier(f, () => f.Csv("transactions", Day, TransactionHeader, "t1,s1,u1,10.75,USD,2024-03-01T10:00:00Z", "t6,s4,u4,1.00,USD,2024-03-01T13:00:00Z")),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private const string UserHeader = "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at";
    private const string ProductHeader = "product_id,name,category,subcategory,brand,price,is_active,updated_at";
    private const string TransactionHeader = "transaction_id,session_id,user_id,amount,currency,transaction_timestamp";

    private static string Ev(string id) => SilverBuildTests.Event(id, "s1", "page_view", "2024-03-01T10:00:00Z");

    private static string Inv(string id, int onHand, string reason = "sale") =>
        $$"""{"update_id":"{{id}}","product_id":"p1","warehouse_id":"w1","on_hand":{{onHand}},"delta":-1,"reason":"{{reason}}","event_time":"2024-03-01T10:00:00Z"}""";

    private static string User(string id, string time, string tier = "free") => $"{id},{id}@x.com,Ann,1,US,CA,{tier},mobile,2024-02-01,2024-03-01T{time}:00Z";

    private static string Product(string id, string price) => $"{id},Mug,home,kitchen,Acme,{price},true,2024-03-01T00:00:00Z";

    /// <summary>Commits a file ingested an hour before the others: its copies come first by ingestion order.</summary>
    private static void Earlier(BronzeFixture f, Action commit) => At(f, Ingested.AddHours(-1), commit);

    /// <summary>Commits a file ingested an hour after the others: it wins an order's updated_at tie.</summary>
    private static void Later(BronzeFixture f, Action commit) => At(f, Ingested.AddHours(1), commit);

    private static void At(BronzeFixture f, DateTimeOffset time, Action commit)
    {
        f.IngestionTime = time;
        commit();
        f.IngestionTime = Ingested;
    }

    /// <summary>The silver rows (sorted), the accounting, the quarantine counts per reason and the quarantined records of a kind.</summary>
    private string State(string kind)
    {
        var text = new StringBuilder();
        text.AppendLine(_f.Warehouse.Scalar<string>(
            $"SELECT count(*) || ' ' || md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) FROM (SELECT CAST(x AS VARCHAR) AS r FROM silver.{kind} AS x)"));
        text.AppendLine(_f.Warehouse.Scalar<string>($"SELECT string_agg(CAST(x AS VARCHAR), chr(10) ORDER BY CAST(x AS VARCHAR)) FROM silver.{kind} AS x"));
        foreach (var b in _f.Catalog.ListBatches("silver").Where(b => b.Kind == kind))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"batch {b.Date} {b.Source} {b.Received} {b.Accepted} {b.Quarantined} {b.Duplicates}");
        }

        foreach (var q in _f.Catalog.ListQuarantineCounts("silver").Where(q => q.Kind == kind).GroupBy(q => (q.Date, q.Reason)).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"quarantine {q.Key.Date} {q.Key.Reason} {q.Sum(x => x.Count)}");
        }

        var folder = Path.Combine(_f.DataDirectory.Quarantine, kind);
        var records = Directory.Exists(folder) ? Directory.GetFiles(folder, "silver-*.jsonl").SelectMany(File.ReadAllLines) : [];
        foreach (var line in records.Select(l => JsonDocument.Parse(l).RootElement).Select(e => string.Join('|',
            e.GetProperty("source_file").GetString(), e.GetProperty("line_number").GetInt64(), e.GetProperty("reason").GetString(),
            e.GetProperty("detail").GetString(), e.GetProperty("raw").GetString())).Order(StringComparer.Ordinal))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    public void Dispose() => _f.Dispose();
}
