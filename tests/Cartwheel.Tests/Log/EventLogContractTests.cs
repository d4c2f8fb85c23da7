using System.Text;
using Cartwheel.Log;

namespace Cartwheel.Tests.Log;

/// <summary>
/// The contract every <see cref="IEventLog"/> backend keeps (embedded SQLite, Kafka…): one subclass per backend.
/// Each test instance owns a fresh, empty store; <see cref="OpenLogAsync"/> opens that same store again.
/// </summary>
public abstract class EventLogContractTests : IAsyncDisposable
{
    private readonly List<IEventLog> _opened = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens this test's store with 4 partitions, refusing appends above <paramref name="maxRetainedRecords"/>.</summary>
    protected abstract ValueTask<IEventLog> OpenStoreAsync(long maxRetainedRecords);

    [Fact]
    public async Task Append_ThenRead_SameRecordsInOrderWithDenseOffsets()
    {
        var log = await OpenLogAsync();
        var records = Enumerable.Range(0, 10).Select(i => Record("u1", $"e{i}", i % 2 == 0 ? "events" : "orders")).ToList();

        var positions = await log.AppendAsync(records, Ct);

        var partition = positions[0].Partition;
        positions.ShouldBe(Enumerable.Range(0, 10).Select(i => (partition, (long)i)).ToList());
        var read = await log.ReadAsync(partition, 0, 100, Ct);
        read.Select(r => (r.Offset, r.Kind, r.Key, Text(r))).ShouldBe(
            records.Select((r, i) => ((long)i, r.Kind, r.Key, Encoding.UTF8.GetString(r.Payload.Span))).ToList());
        log.EndOffset(partition).ShouldBe(10);
        (await log.ReadAsync(partition, 7, 2, Ct)).Select(r => r.Offset).ShouldBe([7L, 8L]);
    }

    [Fact]
    public async Task Append_SameKeyInSeparateCalls_SamePartition_KeysSpreadOverPartitions()
    {
        var log = await OpenLogAsync();
        var first = await log.AppendAsync([Record("user-42", "a")], Ct);
        var second = await log.AppendAsync([Record("user-7", "b"), Record("user-42", "c")], Ct);
        var many = await log.AppendAsync(Enumerable.Range(0, 64).Select(i => Record($"k{i}", $"m{i}")).ToList(), Ct);

        second[1].Partition.ShouldBe(first[0].Partition);
        second[1].Offset.ShouldBe(first[0].Offset + 1 + (second[0].Partition == first[0].Partition ? 1 : 0));
        many.Select(p => p.Partition).Distinct().Count().ShouldBe(log.Partitions);
    }

    [Fact]
    public async Task Append_ManyKeys_OffsetsDensePerPartition()
    {
        var log = await OpenLogAsync();
        var positions = await log.AppendAsync(Enumerable.Range(0, 200).Select(i => Record($"u{i % 50}", $"e{i}")).ToList(), Ct);

        positions.Count.ShouldBe(200);
        for (var p = 0; p < log.Partitions; p++)
        {
            var offsets = positions.Where(x => x.Partition == p).Select(x => x.Offset).ToList();
            offsets.ShouldBe(Enumerable.Range(0, offsets.Count).Select(i => (long)i).ToList());
            log.EndOffset(p).ShouldBe(offsets.Count);
            (await log.ReadAsync(p, 0, 1000, Ct)).Select(r => r.Offset).ShouldBe(offsets);
        }
    }

    [Fact]
    public async Task Truncate_DropsRecordsBelowOffset_KeepsEndOffset()
    {
        var log = await OpenLogAsync();
        var positions = await log.AppendAsync(Enumerable.Range(0, 10).Select(i => Record("u1", $"e{i}")).ToList(), Ct);
        var partition = positions[0].Partition;

        await log.TruncateAsync(partition, 4, Ct);
        await log.TruncateAsync(partition, 2, Ct);

        (await log.ReadAsync(partition, 0, 100, Ct)).Select(r => r.Offset).ShouldBe([4L, 5L, 6L, 7L, 8L, 9L]);
        log.EndOffset(partition).ShouldBe(10);
        (await log.AppendAsync([Record("u1", "e10")], Ct)).ShouldBe([(partition, 10L)]);
    }

    [Fact]
    public async Task Reopen_AfterDispose_SeesEveryAcknowledgedRecord()
    {
        var log = await OpenLogAsync();
        var positions = await log.AppendAsync(Enumerable.Range(0, 40).Select(i => Record($"u{i % 7}", $"e{i}")).ToList(), Ct);
        var ends = Enumerable.Range(0, log.Partitions).Select(log.EndOffset).ToList();
        await log.DisposeAsync();

        var reopened = await OpenLogAsync();

        Enumerable.Range(0, reopened.Partitions).Select(reopened.EndOffset).ShouldBe(ends);
        var all = await ReadAllAsync(reopened);
        all.Select(Text).Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, 40).Select(i => $$"""{"id":"e{{i}}"}""").Order(StringComparer.Ordinal));
        var next = await reopened.AppendAsync([Record("u0", "later")], Ct);
        next[0].Offset.ShouldBe(positions.Where(p => p.Partition == next[0].Partition).Max(p => p.Offset) + 1);
    }

    [Fact]
    public async Task Append_ConcurrentFromManyTasks_NothingLostNothingDuplicated()
    {
        var log = await OpenLogAsync();
        const int tasks = 32, calls = 20, perCall = 5;

        var results = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var positions = new List<(int, long)>();
            for (var c = 0; c < calls; c++)
            {
                positions.AddRange(await log.AppendAsync(
                    Enumerable.Range(0, perCall).Select(i => Record($"u{(t * 7 + i) % 13}", $"t{t}-c{c}-r{i}")).ToList(), Ct));
            }

            return positions;
        }, Ct)));

        var positionsAll = results.SelectMany(r => r).ToList();
        positionsAll.Distinct().Count().ShouldBe(tasks * calls * perCall);
        var all = await ReadAllAsync(log);
        all.Count.ShouldBe(tasks * calls * perCall);
        all.Select(Text).Distinct().Count().ShouldBe(tasks * calls * perCall);
        all.Select(r => (r.Partition, r.Offset)).Order().ShouldBe(positionsAll.Order());
    }

    [Fact]
    public async Task Append_OverRetentionBound_ThrowsLogFull_UntilTruncated()
    {
        var log = await OpenLogAsync(maxRetainedRecords: 10);
        var positions = await log.AppendAsync(Enumerable.Range(0, 10).Select(i => Record("u1", $"e{i}")).ToList(), Ct);

        var full = await Should.ThrowAsync<LogFullException>(async () => await log.AppendAsync([Record("u2", "x")], Ct));

        full.RetryAfter.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        full.Code.ShouldBe("log.full");
        await log.TruncateAsync(positions[0].Partition, 3, Ct);
        (await log.AppendAsync([Record("u2", "x"), Record("u3", "y"), Record("u4", "z")], Ct)).Count.ShouldBe(3);
        await Should.ThrowAsync<LogFullException>(async () => await log.AppendAsync([Record("u2", "w")], Ct));
    }

    [Fact]
    public async Task Append_Empty_ReturnsNoPositions()
    {
        var log = await OpenLogAsync();
        (await log.AppendAsync([], Ct)).ShouldBeEmpty();
        Enumerable.Range(0, log.Partitions).Select(log.EndOffset).ShouldAllBe(o => o == 0);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var log in _opened)
        {
            await log.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected async ValueTask<IEventLog> OpenLogAsync(long maxRetainedRecords = 2_000_000)
    {
        var log = await OpenStoreAsync(maxRetainedRecords);
        _opened.Add(log);
        return log;
    }

    private static LogAppend Record(string? key, string id, string kind = "events") =>
        new(kind, key, Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}"""));

    private static string Text(LogRecord record) => Encoding.UTF8.GetString(record.Payload.Span);

    private static async Task<List<LogRecord>> ReadAllAsync(IEventLog log)
    {
        var all = new List<LogRecord>();
        for (var p = 0; p < log.Partitions; p++)
        {
            all.AddRange(await log.ReadAsync(p, 0, int.MaxValue, Ct));
        }

        return all;
    }
}
