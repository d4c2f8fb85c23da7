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

    [Fact]
    public void ReleaseConnections_ClosesThisCatalogsPooledHandles_AndLeavesAnotherCatalogsOpen()
    {
        // What a process-wide ClearAllPools would not do: another catalog (a parallel test, another data directory in
        // the same host) keeps its pooled connection, so a clear can never close a handle it is about to use.
        var first = new DataDirectory(Path.Combine(_root, "first"));
        var second = new DataDirectory(Path.Combine(_root, "second"));
        CatalogStore.Open(first).ListIngestedFiles().ShouldBeEmpty();
        CatalogStore.Open(second).ListIngestedFiles().ShouldBeEmpty();
        OpenHandles(first.CatalogPath).ShouldBeGreaterThan(0, "a closed pooled connection keeps its file open");
        OpenHandles(second.CatalogPath).ShouldBeGreaterThan(0);

        CatalogStore.ReleaseConnections(first);

        OpenHandles(first.CatalogPath).ShouldBe(0);
        OpenHandles(second.CatalogPath).ShouldBeGreaterThan(0);
        CatalogStore.ReleaseConnections(second);
        OpenHandles(second.CatalogPath).ShouldBe(0);
    }

    /// <summary>This process's open file descriptors on <paramref name="path"/> (Linux: the links of /proc/self/fd).</summary>
    private static int OpenHandles(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => Target(fd) == Path.GetFullPath(path));

    private static string? Target(FileSystemInfo fd)
    {
        try
        {
            return fd.LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed by a parallel test while listed
        }
    }

    public void Dispose()
    {
        CatalogStore.ReleaseConnections(new DataDirectory(_root));
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
