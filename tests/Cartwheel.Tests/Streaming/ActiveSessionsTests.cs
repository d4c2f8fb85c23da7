using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// The active sessions as per-minute session sketches (decision 69): distinct sessions with a click event in the newest
/// event's minute or the 4 before it, against LINQ over the input.
/// </summary>
public sealed class ActiveSessionsTests
{
    private static readonly StreamOptions Options = new();

    private sealed record Click(string Session, DateTimeOffset Time);

    [Fact]
    public void Summary_BelowTheSketchLimit_ExactOverTheLastFiveMinuteWindows()
    {
        var random = new Random(3);
        var clicks = Enumerable.Range(0, 6_000).Select(i => new Click($"s{random.Next(1_500)}", T0.AddMilliseconds(i * 150L))).ToList();
        // A session seen only 5 minutes before the newest minute: outside the range, though within 5 minutes of the newest event to the millisecond.
        var newest = clicks.Max(c => c.Time);
        clicks.Add(new Click("old-only", Minute(newest).AddMinutes(-5).AddMilliseconds(59_999)));

        var (_, queries) = Aggregate(clicks);

        var summary = queries.Summary();
        (summary.ActiveSessions, summary.ActiveSessionsApproximate).ShouldBe((Expected(clicks), false));
        summary.ActiveSessions.ShouldBeGreaterThan(1_000);
        clicks.Any(c => c.Session == "old-only" && c.Time > newest.AddMinutes(-5)).ShouldBeTrue();
    }

    [Fact]
    public void Summary_200kSessions_Within3PercentAndApproximate()
    {
        // 200K sessions over 8 minutes, one to three clicks each, ~25K new sessions per minute: every minute's sketch is a HyperLogLog.
        var random = new Random(5);
        var clicks = new List<Click>();
        for (var i = 0; i < 200_000; i++)
        {
            var start = T0.AddMilliseconds(i * 2.4);
            for (var c = random.Next(1, 4); c > 0; c--)
            {
                clicks.Add(new Click($"session-{i}", start.AddSeconds(c * 25)));
            }
        }

        var (_, queries) = Aggregate(clicks);

        var summary = queries.Summary();
        var exact = Expected(clicks);
        exact.ShouldBeGreaterThan(90_000);
        summary.ActiveSessionsApproximate.ShouldBeTrue();
        ((double)summary.ActiveSessions).ShouldBeInRange(exact * 0.97, exact * 1.03);
    }

    [Fact]
    public void Summary_SessionsInSeveralMinutes_CountedOnceExactAndApproximate()
    {
        // 40 sessions with a click in each of the 5 minutes: 40, exact. Then 3,000 more in each of them: HyperLogLogs, ~3,040.
        var small = Enumerable.Range(0, 5).SelectMany(m => Enumerable.Range(0, 40).Select(i => new Click($"small{i}", T0.AddMinutes(m).AddSeconds(i)))).ToList();
        var (_, queries) = Aggregate(small);
        (queries.Summary().ActiveSessions, queries.Summary().ActiveSessionsApproximate).ShouldBe((40L, false));

        var big = small.Concat(Enumerable.Range(0, 5).SelectMany(m => Enumerable.Range(0, 3_000).Select(i => new Click($"big{i}", T0.AddMinutes(m).AddMilliseconds(i * 10))))).ToList();
        (_, queries) = Aggregate(big);
        var summary = queries.Summary();
        summary.ActiveSessionsApproximate.ShouldBeTrue();
        ((double)summary.ActiveSessions).ShouldBeInRange(3_040 * 0.97, 3_040 * 1.03);
    }

    [Fact]
    public void Summary_HoursLater_OldMinutesNotCountedAndTheirSketchesExpired()
    {
        var clicks = new List<Click> { new("early", T0), new("early", T0.AddMinutes(3)), new("late", T0.AddHours(2)), new("late", T0.AddHours(2).AddSeconds(30)) };

        var (store, queries) = Aggregate(clicks);

        (queries.Summary().ActiveSessions, queries.Summary().ActiveSessionsApproximate).ShouldBe((1L, false));
        store.SketchGet(RealtimeKeys.SessionSketch(RealtimeKeys.WindowOf(T0.ToUnixTimeMilliseconds()))).ShouldBeNull();
        store.SketchGet(RealtimeKeys.SessionSketch(RealtimeKeys.WindowOf(T0.AddHours(2).ToUnixTimeMilliseconds()))).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(90, 2)]
    [InlineData(300, 3)]
    public void Summary_WindowOfSeconds_RoundedUpToWholeMinuteWindows(int seconds, long expected)
    {
        // One session in each of minutes 0, 1 and 2; the newest event is 5 s into minute 2.
        var clicks = new[] { new Click("a", T0), new Click("b", T0.AddMinutes(1)), new Click("c", T0.AddMinutes(2).AddSeconds(5)) };
        var options = new StreamOptions { ActiveSessionWindow = TimeSpan.FromSeconds(seconds) };

        var (_, queries) = StreamFixture.Aggregate(clicks.Select(Item), options);

        queries.Summary().ActiveSessions.ShouldBe(expected);
    }

    [Fact]
    public void Checkpoint_FullPartRoundTrip_SameActiveSessions()
    {
        var clicks = Enumerable.Range(0, 9_000).Select(i => new Click($"s{i % 4_000}", T0.AddMilliseconds(i * 40L))).ToList();
        var (store, queries) = Aggregate(clicks);

        var restored = new MemoryRealtimeStore();
        restored.Import(StateLogPart.Restore(RealtimeStoreSnapshot.Empty, [StateLogPart.Full(store.Export())]));

        StreamFixture.StoreState(restored).ShouldBe(StreamFixture.StoreState(store));
        new RealtimeQueries(restored, Options).Summary().ShouldBe(queries.Summary());
        queries.Summary().ActiveSessions.ShouldBe(Expected(clicks));
    }

    [Fact]
    public void Checkpoint_FromBeforeTheSketches_SessionsSetConvertedOnRestore()
    {
        // What a version before decision 69 checkpointed: rt:sessions (member = session, score = its latest event time), in JSON.
        var random = new Random(9);
        var latest = Enumerable.Range(0, 700).ToDictionary(i => $"s{i}", _ => T0.AddMilliseconds(random.Next(0, 7 * 60_000)));
        var newest = latest.Values.Max().ToUnixTimeMilliseconds();
        var window = RealtimeKeys.WindowOf(newest);
        var old = new RealtimeStoreSnapshot(
            new Dictionary<string, Dictionary<string, string>> { [RealtimeKeys.Totals] = new() { [RealtimeKeys.NewestField] = newest.ToString(CultureInfo.InvariantCulture) } },
            new Dictionary<string, Dictionary<string, double>>
            {
                [RealtimeKeys.Minutes] = new() { [window] = RealtimeKeys.MinuteStart(newest) },
                [RealtimeKeys.Sessions] = latest.ToDictionary(p => p.Key, p => (double)p.Value.ToUnixTimeMilliseconds()),
            },
            new Dictionary<string, HashSet<string>>());
        var json = JsonNode.Parse(JsonSerializer.Serialize(old, StreamJsonContext.Default.RealtimeStoreSnapshot))!.AsObject();
        json.Remove("Sketches").ShouldBeTrue();

        var store = new MemoryRealtimeStore();
        store.Import(StateLogPart.Restore(JsonSerializer.Deserialize(json.ToJsonString(), StreamJsonContext.Default.RealtimeStoreSnapshot)!, []));

        var clicks = latest.Select(p => new Click(p.Key, p.Value)).ToList();
        store.Export().SortedSets.Keys.ShouldNotContain(RealtimeKeys.Sessions);
        store.SortedSetRangeByScore(RealtimeKeys.Minutes, double.NegativeInfinity, double.PositiveInfinity).Count.ShouldBe(clicks.Select(c => Minute(c.Time)).Distinct().Count());
        var queries = new RealtimeQueries(store, Options);
        (queries.Summary().ActiveSessions, queries.Summary().ActiveSessionsApproximate).ShouldBe((Expected(clicks), false));

        // The aggregator goes on from the converted state: a known session again and a new one in the newest minute.
        var more = new[] { new Click("s1", DateTimeOffset.FromUnixTimeMilliseconds(newest)), new Click("new", DateTimeOffset.FromUnixTimeMilliseconds(newest)) };
        new RealtimeAggregator(store, Options).Apply(more.Select(Item));
        queries.Summary().ActiveSessions.ShouldBe(Expected([.. clicks, .. more]));
    }

    /// <summary>LINQ: the distinct sessions with a click in the newest click's minute or the 4 before it.</summary>
    private static long Expected(IReadOnlyCollection<Click> clicks)
    {
        var last = Minute(clicks.Max(c => c.Time));
        return clicks.Where(c => Minute(c.Time) > last.AddMinutes(-5)).Select(c => c.Session).Distinct().Count();
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    private static (MemoryRealtimeStore Store, RealtimeQueries Queries) Aggregate(IEnumerable<Click> clicks) =>
        StreamFixture.Aggregate(clicks.OrderBy(c => c.Time).Select(Item), Options);

    private static StreamItem Item(Click click) =>
        new(EntityKind.Events, click.Time.UtcDateTime, ReadOnlyMemory<byte>.Empty, new RealtimeAggregator.EventFields("page_view", null, click.Session, null, null));
}
