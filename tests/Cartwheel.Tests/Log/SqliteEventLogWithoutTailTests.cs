using Cartwheel.Log;

namespace Cartwheel.Tests.Log;

/// <summary>The log contract against the embedded SQLite log with no tail in memory: every read goes to SQLite.</summary>
public sealed class SqliteEventLogWithoutTailTests : EventLogContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-log-" + Guid.NewGuid().ToString("N"));

    protected override ValueTask<IEventLog> OpenStoreAsync(long maxRetainedRecords) =>
        ValueTask.FromResult<IEventLog>(SqliteEventLog.Open(new DataDirectory(_root), new EventLogOptions { MaxRetainedRecords = maxRetainedRecords, TailBytes = 0 }));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
