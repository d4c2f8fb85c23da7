using Cartwheel.Catalog;

namespace Cartwheel.Tests.Catalog;

public sealed class CatalogStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-catalog-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void CommitIngest_RecordsFileBronzeAndAccounting_ReadBackExactly()
    {
        var catalog = CatalogStore.Open(new DataDirectory(_root));
        var now = DateTimeOffset.UtcNow;
        var file = new IngestedFile("abc", "/in/events.jsonl", "events", "jsonl", 100, 10, 8, 2, "b1", null, now);
        var bronze = new BronzeFile("lake/bronze/events/dt=2024-01-02/b1.parquet", "events", new DateOnly(2024, 1, 2), "b1", "abc", 8, 1234, "sha", now);
        catalog.CommitIngest(file, [bronze],
            [new BatchAccounting("b1", "ingest", "events", "", "/in/events.jsonl", null, 10, 8, 2, 0)],
            [new QuarantineCount("b1", "ingest", "events", "", "invalid_json", 2, "quarantine/events/b1.jsonl")]);

        catalog.FindIngestedFile("abc").ShouldNotBeNull().RowsAccepted.ShouldBe(8);
        catalog.FindIngestedFile("other").ShouldBeNull();
        catalog.ListBronzeFiles("events").ShouldHaveSingleItem().RowCount.ShouldBe(8);
        catalog.ListBronzeDates().ShouldBe([new DateOnly(2024, 1, 2)]);
        catalog.ListQuarantineCounts().Sum(q => q.Count).ShouldBe(2);
    }

    [Fact]
    public void CommitIngest_UnbalancedAccounting_ThrowsAndWritesNothing()
    {
        var catalog = CatalogStore.Open(new DataDirectory(_root));
        var file = new IngestedFile("abc", "/in/x.jsonl", "events", "jsonl", 1, 10, 8, 1, "b1", null, DateTimeOffset.UtcNow);

        var ex = Should.Throw<CartwheelException>(() => catalog.CommitIngest(file, [],
            [new BatchAccounting("b1", "ingest", "events", "", "x", null, 10, 8, 1, 0)], []));

        ex.Code.ShouldBe(ErrorCodes.AccountingMismatch);
        catalog.ListIngestedFiles().ShouldBeEmpty();
    }

    [Fact]
    public void CommitSilverPartition_Rebuild_ReplacesAccountingOfThePartition()
    {
        var catalog = CatalogStore.Open(new DataDirectory(_root));
        var date = new DateOnly(2024, 1, 2);
        for (var i = 0; i < 2; i++)
        {
            catalog.CommitSilverPartition(
                new SilverPartition("events", date, $"lake/silver/events/dt=2024-01-02/p{i}.parquet", 90, $"s{i}", null, DateTimeOffset.UtcNow),
                new BatchAccounting($"s{i}", "silver", "events", "2024-01-02", "bronze", null, 100, 90, 3, 7),
                [new QuarantineCount($"s{i}", "silver", "events", "2024-01-02", "missing_key", 3, "q")]);
        }

        catalog.ListSilverPartitions().ShouldHaveSingleItem().Path.ShouldEndWith("p1.parquet");
        catalog.ListBatches("silver").ShouldHaveSingleItem().Duplicates.ShouldBe(7);
        catalog.ListQuarantineCounts("silver").Sum(q => q.Count).ShouldBe(3);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
