using System.Text.Json;
using Cartwheel.Streaming;
using Microsoft.Data.Sqlite;
using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// The real-time checkpoint as a log of parts (<c>stream_state_log</c>): full snapshots now and then, a delta per
/// micro-batch. A restarted processor must restore exactly the live state of the one before it, whatever mix of
/// parts it reads, and a crash inside a batch must leave the state of the last committed batch.
/// </summary>
public sealed class StreamCheckpointTests : StreamFixture
{
    private static readonly StreamOptions Small = new() { MaxBatchRecords = 100 };

    [Fact]
    public async Task Restore_AfterEachOfManyBatches_EqualsTheLiveState()
    {
        var records = Mixed(3_000);
        var live = new MemoryRealtimeStore();
        var processor = NewProcessor(Small, live);
        var batches = 0;
        var restoresFromDeltas = 0;
        for (var chunk = 0; chunk < records.Count; chunk += 250)
        {
            await AppendAsync(records.Skip(chunk).Take(250).Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray());
            batches += (await DrainAsync(processor)).Count;
            processor.Dispose();
            var parts = StateParts();
            parts.Count(p => p.IsFull).ShouldBe(1);
            parts[0].IsFull.ShouldBeTrue();
            parts.Select(p => p.Seq).ShouldBeInOrder();
            restoresFromDeltas += parts.Count > 1 ? 1 : 0;

            var restored = new MemoryRealtimeStore();
            processor = NewProcessor(Small, restored);
            (await processor.ProcessBatchAsync(Token)).Received.ShouldBe(0);
            StoreState(restored).ShouldBe(StoreState(live));
            live = restored;
        }

        batches.ShouldBeGreaterThan(30);
        restoresFromDeltas.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Restore_DeltasAfterFullWithinOneRun_EqualsTheLiveStateAndPrunesOlderParts()
    {
        var records = Mixed(3_000);
        await AppendAsync(records.Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray());
        var live = new MemoryRealtimeStore();
        var processor = NewProcessor(Small, live);
        var batches = (await DrainAsync(processor)).Count;
        processor.Dispose();

        var restored = new MemoryRealtimeStore();
        await NewProcessor(Small, restored).ProcessBatchAsync(Token);

        StoreState(restored).ShouldBe(StoreState(live));
        StoreState(live).ShouldContain(line => line.StartsWith("s ", StringComparison.Ordinal));
        var parts = StateParts();
        // Every batch wrote a part; a full one deleted those before it; the first batch's full part is gone.
        parts.Count.ShouldBeLessThan(batches);
        parts[0].IsFull.ShouldBeTrue();
        parts.Skip(1).ShouldAllBe(p => !p.IsFull);
        parts[0].Seq.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task Restart_CrashBetweenTheBronzeFilesAndTheCommit_StateOfTheLastCommittedBatch_ThenSameAsWithoutTheCrash()
    {
        var records = Mixed(2_000).Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray();
        using var reference = new Reference();
        var expected = await reference.ProcessAsync(records);
        await AppendAsync(records);
        var store = new MemoryRealtimeStore();
        var crashed = NewProcessor(Small, store);
        List<string>? committed = null;
        var batches = 0;
        crashed.StageHook = stage =>
        {
            if (stage == StreamStage.Published)
            {
                committed = StoreState(store);
            }

            if (stage == StreamStage.BronzeWritten && ++batches == 7)
            {
                throw new InvalidOperationException("simulated crash");
            }
        };

        await Should.ThrowAsync<InvalidOperationException>(() => DrainAsync(crashed));
        crashed.Dispose();
        var restored = new MemoryRealtimeStore();
        var restarted = NewProcessor(Small, restored);
        restarted.StageHook = stage =>
        {
            if (stage == StreamStage.BronzeWritten && committed is not null)
            {
                // Before the first batch after the restart touches it: the state is the last committed one.
                StoreState(restored).ShouldBe(committed);
                committed = null;
            }
        };
        await DrainAsync(restarted);

        committed.ShouldBeNull();
        StoreState(restored).ShouldBe(expected);
    }

    [Fact]
    public async Task Restore_CatalogFromBeforeTheStateLog_ReadsTheJsonCheckpointUntilTheFirstFullPart()
    {
        await AppendAsync(("events", "u1", Event("e1", "s1", "page_view", T0)), ("events", "u2", Event("e2", "s2", "product_view", T0.AddSeconds(1), "p1")));
        var live = new MemoryRealtimeStore();
        var first = NewProcessor(null, live);
        await DrainAsync(first);
        first.Dispose();
        // What an older version left: only the JSON checkpoint.
        Execute("DELETE FROM stream_state_log");
        Execute($"INSERT INTO stream_checkpoints (source, batch_id, state, saved_at) VALUES ('log', 'b', '{JsonSerializer.Serialize(live.Export(), StreamJsonContext.Default.RealtimeStoreSnapshot)}', 'now')");

        var restored = new MemoryRealtimeStore();
        var upgraded = NewProcessor(null, restored);
        await upgraded.ProcessBatchAsync(Token);
        StoreState(restored).ShouldBe(StoreState(live));
        await AppendAsync(("events", "u3", Event("e3", "s3", "page_view", T0.AddSeconds(2))));
        (await DrainAsync(upgraded)).ShouldHaveSingleItem();

        Count("SELECT COUNT(*) FROM stream_checkpoints").ShouldBe(0);
        StateParts().ShouldHaveSingleItem().IsFull.ShouldBeTrue();
        upgraded.Queries.Summary().EventsLastHour.ShouldBe(3);
    }

    [Fact]
    public async Task Restore_JsonCheckpointWithTheFunnelSets_FunnelConvertedAndCountingOn()
    {
        // What a version before decision 66 left: the JSON checkpoint whose funnel is sets of "session␟device␟country".
        await AppendAsync(("events", "u1", Event("e1", "s1", "page_view", T0)));
        var first = NewProcessor(null, new MemoryRealtimeStore());
        await DrainAsync(first);
        first.Dispose();
        var window = RealtimeKeys.WindowOf(T0.ToUnixTimeMilliseconds());
        var old = new Dictionary<string, HashSet<string>>
        {
            [RealtimeKeys.Funnel(window, "product_view")] = ["s1\u001fmobile\u001fUS", "s2\u001fdesktop\u001fUS", "s3\u001fmobile\u001fDE"],
            [RealtimeKeys.Funnel(window, "add_to_cart")] = ["s1\u001fmobile\u001fUS"],
        };
        var state = JsonSerializer.SerializeToNode(new RealtimeStoreSnapshot(
            new Dictionary<string, Dictionary<string, string>> { [RealtimeKeys.Totals] = new() { [RealtimeKeys.NewestField] = T0.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            new Dictionary<string, Dictionary<string, double>> { [RealtimeKeys.Minutes] = new() { [window] = T0.ToUnixTimeMilliseconds() } },
            old), StreamJsonContext.Default.RealtimeStoreSnapshot)!.AsObject();
        state.Remove("Sketches");
        Execute("DELETE FROM stream_state_log");
        Execute($"INSERT INTO stream_checkpoints (source, batch_id, state, saved_at) VALUES ('log', 'b', '{state.ToJsonString()}', 'now')");

        var upgraded = NewProcessor(null, new MemoryRealtimeStore());
        await AppendAsync(("events", "u4", Event("e4", "s4", "add_to_cart", T0.AddSeconds(1), "p1", "mobile", "DE")));
        await DrainAsync(upgraded);

        upgraded.Queries.Funnel().Steps.Select(s => (s.Sessions, s.Approximate)).ShouldBe([(3L, false), (2L, false), (0L, false), (0L, false)]);
        upgraded.Queries.Funnel(device: "mobile").Steps.Select(s => s.Sessions).ShouldBe([2L, 2L, 0L, 0L]);
        upgraded.Queries.Funnel(country: "DE").Steps.Select(s => s.Sessions).ShouldBe([1L, 1L, 0L, 0L]);
        StateParts().ShouldHaveSingleItem().IsFull.ShouldBeTrue();
    }

    [Fact]
    public async Task Restore_JsonCheckpointWithTheSessionsSet_ActiveSessionsConvertedAndCountingOn()
    {
        // What a version before decision 69 left: the JSON checkpoint with rt:sessions (member = session, score = its latest event time).
        await AppendAsync(("events", "u1", Event("e1", "s1", "page_view", T0)));
        var first = NewProcessor(null, new MemoryRealtimeStore());
        await DrainAsync(first);
        first.Dispose();
        var newest = T0.AddMinutes(6);
        var state = JsonSerializer.SerializeToNode(new RealtimeStoreSnapshot(
            new Dictionary<string, Dictionary<string, string>> { [RealtimeKeys.Totals] = new() { [RealtimeKeys.NewestField] = newest.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            new Dictionary<string, Dictionary<string, double>>
            {
                [RealtimeKeys.Minutes] = new() { [RealtimeKeys.WindowOf(newest.ToUnixTimeMilliseconds())] = newest.ToUnixTimeMilliseconds() },
                [RealtimeKeys.Sessions] = new() { ["s1"] = T0.ToUnixTimeMilliseconds(), ["s2"] = T0.AddMinutes(2).ToUnixTimeMilliseconds(), ["s3"] = newest.ToUnixTimeMilliseconds() },
            },
            new Dictionary<string, HashSet<string>>()), StreamJsonContext.Default.RealtimeStoreSnapshot)!.AsObject();
        state.Remove("Sketches");
        Execute("DELETE FROM stream_state_log");
        Execute($"INSERT INTO stream_checkpoints (source, batch_id, state, saved_at) VALUES ('log', 'b', '{state.ToJsonString()}', 'now')");

        var store = new MemoryRealtimeStore();
        var upgraded = NewProcessor(null, store);
        await upgraded.ProcessBatchAsync(Token);
        // Minutes 12:02 to 12:06: s2 and s3; s1's only minute (12:00) is out of the range.
        (upgraded.Queries.Summary().ActiveSessions, upgraded.Queries.Summary().ActiveSessionsApproximate).ShouldBe((2L, false));
        StoreState(store).ShouldNotContain(line => line.StartsWith("z rt:sessions ", StringComparison.Ordinal));
        await AppendAsync(("events", "u4", Event("e4", "s4", "page_view", newest.AddSeconds(1))), ("events", "u1", Event("e5", "s1", "page_view", newest.AddSeconds(2))));
        await DrainAsync(upgraded);

        upgraded.Queries.Summary().ActiveSessions.ShouldBe(4);
        StateParts().ShouldHaveSingleItem().IsFull.ShouldBeTrue();
    }

    private List<(long Seq, bool IsFull)> StateParts()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, is_full FROM stream_state_log WHERE source = 'log' ORDER BY seq";
        using var reader = command.ExecuteReader();
        var parts = new List<(long, bool)>();
        while (reader.Read())
        {
            parts.Add((reader.GetInt64(0), reader.GetInt64(1) == 1));
        }

        return parts;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Count(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Data.CatalogPath}");
        connection.Open();
        return connection;
    }

    /// <summary>The same records through a processor that never crashes, in its own data directory.</summary>
    private sealed class Reference : StreamFixture
    {
        public async Task<List<string>> ProcessAsync((string Kind, string? Key, string Json)[] records)
        {
            await AppendAsync(records);
            var store = new MemoryRealtimeStore();
            await DrainAsync(NewProcessor(Small, store));
            return StoreState(store);
        }
    }
}
