using Cartwheel.Log;

namespace Cartwheel.Tests.Log;

/// <summary>The log contract against the embedded SQLite log, in a temp data directory per test.</summary>
public sealed class SqliteEventLogTests : EventLogContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-log-" + Guid.NewGuid().ToString("N"));

    protected override ValueTask<IEventLog> OpenStoreAsync(long maxRetainedRecords) =>
        ValueTask.FromResult<IEventLog>(SqliteEventLog.Open(new DataDirectory(_root), new EventLogOptions { MaxRetainedRecords = maxRetainedRecords }));

    [Fact]
    public async Task Open_WithOtherPartitionCount_Refused()
    {
        await OpenLogAsync();
        var ex = Should.Throw<CartwheelException>(() => SqliteEventLog.Open(new DataDirectory(_root), new EventLogOptions { Partitions = 8 }));
        ex.Code.ShouldBe(ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void PartitionHash_IsStableFnv1a()
    {
        // Reference values of 32-bit FNV-1a: "" → 0x811C9DC5, "a" → 0xE40C292C, "foobar" → 0xBF9CF968.
        PartitionHash.Fnv1a("").ShouldBe(0x811C9DC5u);
        PartitionHash.Fnv1a("a").ShouldBe(0xE40C292Cu);
        PartitionHash.Fnv1a("foobar").ShouldBe(0xBF9CF968u);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
