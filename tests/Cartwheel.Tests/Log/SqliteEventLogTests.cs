using System.Text;
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

    [Fact]
    public async Task RowsWrittenBeforeChunks_ReadFirst_ThenChunks_TruncatedInsideAChunk()
    {
        // A log written before sql/catalog/008: one event_log row per record, offsets 0..2 of partition 1.
        await (await OpenLogAsync()).DisposeAsync();
        using (var connection = Cartwheel.Catalog.CatalogStore.Open(new DataDirectory(_root)).OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO event_log VALUES (1, 0, 'events', NULL, CAST('{"a":0}' AS BLOB), 1), (1, 1, 'orders', 'k', CAST('{"a":1}' AS BLOB), 1),
                    (1, 2, 'events', NULL, CAST('{"a":2}' AS BLOB), 1);
                UPDATE event_log_partitions SET next_offset = 3, retained_bytes = 21 WHERE partition_no = 1;
                """;
            command.ExecuteNonQuery();
        }

        var log = await OpenLogAsync();
        var key = Enumerable.Range(0, 100).Select(i => $"u{i}").First(k => PartitionHash.For(k, 4) == 1);
        var positions = await log.AppendAsync([.. Enumerable.Range(3, 5).Select(i => new LogAppend("events", key, Encoding.UTF8.GetBytes($"{{\"a\":{i}}}")))], Ct);

        positions.ShouldBe([.. Enumerable.Range(3, 5).Select(i => (1, (long)i))]);
        (await log.ReadAsync(1, 0, 100, Ct)).Select(r => (r.Offset, r.Kind, r.Key, Encoding.UTF8.GetString(r.Payload.Span))).ShouldBe(
            [(0L, "events", null, "{\"a\":0}"), (1L, "orders", "k", "{\"a\":1}"), (2L, "events", null, "{\"a\":2}"),
                .. Enumerable.Range(3, 5).Select(i => ((long)i, "events", (string?)key, $"{{\"a\":{i}}}"))]);
        (await log.ReadAsync(1, 2, 3, Ct)).Select(r => r.Offset).ShouldBe([2L, 3L, 4L]);

        await log.TruncateAsync(1, 5, Ct);
        (await log.ReadAsync(1, 0, 100, Ct)).Select(r => r.Offset).ShouldBe([5L, 6L, 7L]);
        await log.DisposeAsync();
        var reopened = await OpenLogAsync();
        (await reopened.ReadAsync(1, 0, 100, Ct)).Select(r => r.Offset).ShouldBe([5L, 6L, 7L]);
        await reopened.TruncateAsync(1, 8, Ct);
        (await reopened.ReadAsync(1, 0, 100, Ct)).ShouldBeEmpty();
        ((SqliteEventLog)reopened).RetainedRecords.ShouldBe(0);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(600L)]
    [InlineData(64L << 20)]
    public async Task Read_FromTheTail_EqualsReadFromSqlite(long tailBytes)
    {
        // Appends of 1–30 records over 4 partitions, truncations inside chunks; every (partition, from, max) read of the
        // log that holds its tail in memory (whole, partly, or nothing when each chunk is over the budget) equals the
        // same read of the log reopened without a tail (so from SQLite).
        var data = new DataDirectory(_root);
        var log = SqliteEventLog.Open(data, new EventLogOptions { TailBytes = tailBytes });
        var random = new Random(11);
        for (var request = 0; request < 40; request++)
        {
            var records = Enumerable.Range(0, random.Next(1, 31)).Select(i => new LogAppend(
                i % 3 == 0 ? "orders" : "events", random.Next(4) == 0 ? null : $"u{random.Next(50)}",
                Encoding.UTF8.GetBytes($"{{\"r\":{request},\"i\":{i},\"pad\":\"{new string('x', random.Next(40))}\"}}"),
                random.Next(2) == 0 ? default : Encoding.UTF8.GetBytes($"c{request}.{i}{new string('y', random.Next(30))}"))).ToList();
            await log.AppendAsync(records, Ct);
            if (request % 9 == 8)
            {
                var p = random.Next(4);
                await log.TruncateAsync(p, log.EndOffset(p) - random.Next(0, 12), Ct);
            }
        }

        var fromTail = await ReadEverywayAsync(log);
        await log.DisposeAsync();
        var sqlite = SqliteEventLog.Open(data, new EventLogOptions { TailBytes = 0 });
        var fromSqlite = await ReadEverywayAsync(sqlite);
        await sqlite.DisposeAsync();

        fromSqlite.Count.ShouldBeGreaterThan(1000);
        fromTail.ShouldBe(fromSqlite);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(64L << 20)]
    public async Task Checked_ReadBackBesideItsPayload_EmptyWhereNoneWasAppended(long tailBytes)
    {
        var data = new DataDirectory(_root);
        await using var log = SqliteEventLog.Open(data, new EventLogOptions { Partitions = 1, TailBytes = tailBytes });
        var appended = Enumerable.Range(0, 20).Select(i => new LogAppend("events", "u1", Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"),
            i % 3 == 0 ? default : Encoding.UTF8.GetBytes(new string((char)('a' + i), i)))).ToList();

        await log.AppendAsync(appended[..7], Ct);
        await log.AppendAsync(appended[7..], Ct);
        var read = await log.ReadAsync(0, 0, 100, Ct);

        read.Select(r => Encoding.UTF8.GetString(r.Payload.Span)).ShouldBe(appended.Select(a => Encoding.UTF8.GetString(a.Payload.Span)));
        read.Select(r => Encoding.UTF8.GetString(r.Checked.Span)).ShouldBe(appended.Select(a => Encoding.UTF8.GetString(a.Checked.Span)));
        read.Select(r => r.Kind).ShouldAllBe(k => k == "events");
    }

    [Fact]
    public async Task Tail_ChunksReusedAfterTruncation_EveryReadEqualsWhatWasAppended()
    {
        // A consumer's loop: append, read what it appended, truncate past it. The tail's arrays come back to its pool at
        // each truncation and are written over by the next appends (decision 65); every read must still equal its append.
        var data = new DataDirectory(_root);
        var log = SqliteEventLog.Open(data, new EventLogOptions { Partitions = 2 });
        var random = new Random(5);
        var next = new long[2];
        for (var round = 0; round < 60; round++)
        {
            var appended = Enumerable.Range(0, random.Next(1, 40)).Select(i => new LogAppend("events", $"u{random.Next(20)}",
                Encoding.UTF8.GetBytes($"{{\"round\":{round},\"i\":{i},\"pad\":\"{new string((char)('a' + round % 26), random.Next(100, 3000))}\"}}"),
                Encoding.UTF8.GetBytes($"c{round}.{i}"))).ToList();
            var placed = await log.AppendAsync(appended, Ct);
            for (var p = 0; p < 2; p++)
            {
                var expected = placed.Select((at, i) => (at, i)).Where(x => x.at.Partition == p).Select(x => appended[x.i]).ToList();
                var read = await log.ReadAsync(p, next[p], 1000, Ct);
                read.Select(r => (Encoding.UTF8.GetString(r.Payload.Span), Encoding.UTF8.GetString(r.Checked.Span))).ShouldBe(
                    expected.Select(a => (Encoding.UTF8.GetString(a.Payload.Span), Encoding.UTF8.GetString(a.Checked.Span))));
                next[p] = log.EndOffset(p);
                // Every third round the truncation stops inside the last chunk: its records stay readable, the chunk stays held.
                var keep = round % 3 == 2 ? Math.Min(random.Next(1, 4), expected.Count) : 0;
                await log.TruncateAsync(p, next[p] - keep, Ct);
                var kept = await log.ReadAsync(p, next[p] - keep, 1000, Ct);
                kept.Select(r => Encoding.UTF8.GetString(r.Payload.Span)).ShouldBe(
                    expected.TakeLast(keep).Select(a => Encoding.UTF8.GetString(a.Payload.Span)));
            }
        }

        // What remains after all the reuse equals the same log read from SQLite.
        var fromTail = await ReadEverywayAsync(log);
        await log.DisposeAsync();
        var sqlite = SqliteEventLog.Open(data, new EventLogOptions { Partitions = 2, TailBytes = 0 });
        var fromSqlite = await ReadEverywayAsync(sqlite);
        await sqlite.DisposeAsync();
        fromSqlite.Count.ShouldBeGreaterThan(0);
        fromTail.ShouldBe(fromSqlite);
    }

    [Fact]
    public void ChunkPool_ReusesReturnedArraysOfTheSameSizeClass_WithinItsBudget()
    {
        var pool = new ChunkPool(maxFreeBytes: 64 << 10);
        var a = pool.Rent(20_000);
        a.Length.ShouldBe(32 << 10);
        pool.Return(a);
        pool.FreeBytes.ShouldBe(32 << 10);
        pool.Rent(17_000).ShouldBeSameAs(a);
        pool.Rent(17_000).ShouldNotBeSameAs(a);
        pool.FreeBytes.ShouldBe(0);

        var big = pool.Rent(100_000);
        pool.Return(big);
        pool.FreeBytes.ShouldBe(0); // over the budget: left to the GC
        pool.Return(new byte[1000]);
        pool.FreeBytes.ShouldBe(0); // not one of its sizes
    }

    private static async Task<List<string>> ReadEverywayAsync(IEventLog log)
    {
        var reads = new List<string>();
        for (var p = 0; p < log.Partitions; p++)
        {
            for (var from = 0L; from <= log.EndOffset(p) + 1; from++)
            {
                foreach (var max in new[] { 1, 7, 1000 })
                {
                    reads.AddRange((await log.ReadAsync(p, from, max, Ct)).Select(r =>
                        $"{p} {from} {max}: {r.Partition} {r.Offset} {r.Kind} {r.Key} {Encoding.UTF8.GetString(r.Payload.Span)} {r.AppendedAt.ToUnixTimeMilliseconds()} [{Encoding.UTF8.GetString(r.Checked.Span)}]"));
                }
            }
        }

        return reads;
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
