using System.Text.Json;

namespace Cartwheel.Tests.Warehouse;

public sealed class SilverBuildTests : IDisposable
{
    private static readonly DateOnly Day = new(2024, 3, 1);
    private readonly BronzeFixture _f = new();

    [Fact]
    public void Run_EventsWithDuplicatesAndBadRecords_AccountsQuarantinesAndDedups()
    {
        _f.Json("events", Day,
            Event("e1", "s1", "page_view", "2024-03-01T10:00:00Z"),
            Event("e1", "s1", "page_view", "2024-03-01T10:00:00Z"),
            Event("e2", "s1", "purchase", "2024-03-01T10:05:00Z"),
            """{"session_id":"s1","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            Event("e3", "s1", "teleport", "2024-03-01T10:00:00Z"),
            Event("e4", "s1", "page_view", "1999-12-31T23:59:59Z"),
            Event("e5", "s1", "page_view", "not-a-time"),
            // seed004 format: event_timestamp and event_details.
            """{"event_id":"e6","session_id":"s2","user_id":"u9","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"page_url":"/p/7","product_id":"p7"}}""");
        _f.Json("events", Day, Event("e2", "s1", "purchase", "2024-03-01T10:05:00Z"));

        var report = _f.Runner().Run(Day, 0, cancellationToken: TestContext.Current.CancellationToken);

        var events = report.Partitions.ShouldHaveSingleItem();
        (events.Received, events.Accepted, events.Quarantined, events.Duplicates).ShouldBe((9L, 3L, 4L, 2L));
        _f.Catalog.ListQuarantineCounts("silver").Select(q => (q.Reason, q.Count)).ShouldBe(
            [("invalid_type", 1L), ("invalid_value", 2L), ("missing_key", 1L)]);
        var lines = File.ReadAllLines(Path.Combine(_f.DataDirectory.Quarantine, "events", $"silver-2024-03-01-{_f.Catalog.ListSilverPartitions().Single().BatchId}.jsonl"));
        lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("line_number").GetInt64(), e.GetProperty("reason").GetString(), e.GetProperty("detail").GetString()))
            .ShouldBe([(4L, "missing_key", "event_id"), (5L, "invalid_value", "event_type"), (6L, "invalid_value", "event_time"), (7L, "invalid_type", "event_time")]);
        JsonDocument.Parse(lines[0]).RootElement.GetProperty("raw").GetString().ShouldStartWith("{\"session_id\":\"s1\"");
        _f.Warehouse.Scalar<string>("SELECT string_agg(event_id || ':' || source_format || ':' || coalesce(product_id, '-') || ':' || coalesce(page_url, '-'), ',' ORDER BY event_id) FROM silver.events")
            .ShouldBe("e1:native:-:-,e2:native:-:-,e6:seed004:p7:/p/7");
    }

    [Fact]
    public void Run_OrdersUsersProductsTransactions_QuarantineReasonsAndDedupKeys()
    {
        _f.Json("orders", Day,
            Order("o1", "pending", "2024-03-01T09:00:00Z"),
            Order("o1", "completed", "2024-03-01T09:30:00Z"),
            Order("o1", "completed", "2024-03-01T09:30:00Z"),
            Order("o2", "shipped", "2024-03-01T09:30:00Z"),
            """{"order_id":"o3","user_id":"u1","status":"completed","items":[{"product_id":"p1","quantity":-1,"unit_price":5}],"created_at":"2024-03-01T09:00:00Z","updated_at":"2024-03-01T09:00:00Z"}""",
            """{"order_id":"o4","user_id":"u1","status":"completed","items":[{"product_id":"p1","quantity":"two","unit_price":5}],"created_at":"2024-03-01T09:00:00Z","updated_at":"2024-03-01T09:00:00Z"}""");
        _f.Csv("users", Day, "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at",
            "u1,a@x.com,Ann,1,US,CA,free,mobile,2024-02-01,2024-03-01T08:00:00Z",
            "u1,a@x.com,Ann,1,US,CA,free,mobile,2024-02-01,2024-03-01T08:00:00Z",
            "u2,not-an-email,Bob,2,US,NY,free,mobile,2024-02-01,2024-03-01T08:00:00Z",
            "u3,c@x.com,Cy,3,US,NY,gold,mobile,2024-02-01,2024-03-01T08:00:00Z",
            ",d@x.com,Di,4,US,NY,free,mobile,2024-02-01,2024-03-01T08:00:00Z");
        _f.Csv("users", Day, "user_id,signup_date,device_type,country", "u7,2024-03-01,desktop,DE");
        _f.Csv("products", Day, "product_id,name,category,subcategory,brand,price,is_active,updated_at",
            "p1,Mug,home,kitchen,Acme,9.99,true,2024-03-01T00:00:00Z",
            "p2,Cup,home,kitchen,Acme,-1,true,2024-03-01T00:00:00Z",
            "p3,Pan,home,kitchen,Acme,abc,true,2024-03-01T00:00:00Z");
        _f.Csv("transactions", Day, "transaction_id,session_id,user_id,amount,currency,transaction_timestamp",
            "t1,s1,u1,10.50,USD,2024-03-01T10:00:00Z", "t1,s1,u1,10.50,USD,2024-03-01T10:00:00Z", "t2,s1,u1,,USD,2024-03-01T10:00:00Z");

        var report = _f.Runner().Run(Day, 0, cancellationToken: TestContext.Current.CancellationToken);

        report.TotalsByKind().Select(p => (p.Kind, p.Received, p.Accepted, p.Quarantined, p.Duplicates)).ShouldBe([
            ("users", 6L, 2L, 3L, 1L), ("products", 3L, 1L, 2L, 0L), ("orders", 6L, 1L, 3L, 2L), ("transactions", 3L, 1L, 1L, 1L)]);
        _f.Catalog.ListQuarantineCounts("silver").Select(q => (q.Kind, q.Reason, q.Count)).OrderBy(x => x).ShouldBe([
            ("orders", "invalid_type", 1L), ("orders", "invalid_value", 2L), ("products", "invalid_type", 1L), ("products", "invalid_value", 1L),
            ("transactions", "missing_key", 1L), ("users", "invalid_value", 2L), ("users", "missing_key", 1L)]);
        _f.Warehouse.Scalar<string>("SELECT status || ':' || order_total FROM silver.orders").ShouldBe("completed:18.00");
        _f.Warehouse.Scalar<string>("SELECT string_agg(user_id || ':' || source_format || ':' || updated_at, ',' ORDER BY user_id) FROM silver.users")
            .ShouldBe("u1:native:2024-03-01 08:00:00+00,u7:seed004:2024-03-01 00:00:00+00");
    }

    [Fact]
    public void Run_Twice_SecondRunSkipsUnchangedPartitionsAndKeepsFiles()
    {
        _f.Json("events", Day, Event("e1", "s1", "page_view", "2024-03-01T10:00:00Z"));
        var first = _f.Runner().Run(Day, 0, cancellationToken: TestContext.Current.CancellationToken);
        var before = _f.Catalog.ListSilverPartitions().Single();

        var second = _f.Runner().Run(Day, 0, cancellationToken: TestContext.Current.CancellationToken);

        first.Partitions.Single().Rebuilt.ShouldBeTrue();
        second.Partitions.Single().ShouldBe(first.Partitions.Single() with { Rebuilt = false });
        _f.Catalog.ListSilverPartitions().Single().ShouldBe(before);

        _f.Json("events", Day, Event("e2", "s1", "page_view", "2024-03-01T11:00:00Z"));
        var third = _f.Runner().Run(Day, 0, cancellationToken: TestContext.Current.CancellationToken);
        third.Partitions.Single().Accepted.ShouldBe(2);
        // The new bronze file is appended: the partition keeps its file and gains one with the new row; no other file is left.
        var files = _f.Catalog.ListSilverFiles("events").Select(f => _f.DataDirectory.Absolute(f.Path)).ToList();
        (files.Count, files[0]).ShouldBe((2, _f.DataDirectory.Absolute(before.Path)));
        Directory.GetFiles(_f.DataDirectory.PartitionPath("silver", "events", Day)).Order(StringComparer.Ordinal).ShouldBe(files.Order(StringComparer.Ordinal));
    }

    internal static string Event(string id, string session, string type, string time, string? user = "u1", string? product = null) =>
        JsonSerializer.Serialize(new { event_id = id, session_id = session, user_id = user, event_type = type, product_id = product, event_time = time });

    internal static string Order(string id, string status, string updatedAt, string created = "2024-03-01T09:00:00Z") =>
        $$"""{"order_id":"{{id}}","user_id":"u1","session_id":"s1","status":"{{status}}","currency":"USD","items":[{"product_id":"p1","quantity":2,"unit_price":5.00,"discount":1.00}],"shipping":4.00,"tax":5.00,"payment_method":"card","created_at":"{{created}}","updated_at":"{{updatedAt}}"}""";

    public void Dispose() => _f.Dispose();
}
