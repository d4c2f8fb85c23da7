using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

using static Cartwheel.Tests.Streaming.StreamRecords;

namespace Cartwheel.Tests.Streaming;

/// <summary>The funnel's distinct-count sketches (decision 66): exact up to 2,048 hashes, then HyperLogLog, against LINQ.</summary>
public sealed class FunnelSketchTests
{
    private static readonly StreamOptions Options = new();

    private sealed record Visit(string Session, string Step, DateTimeOffset Time, string Device, string Country);

    [Fact]
    public void Sketch_UpToTheLimit_ExactThenHyperLogLogInTheSameMemory()
    {
        var sketch = new DistinctSketch();
        var hashes = Enumerable.Range(0, DistinctSketch.ExactLimit).Select(i => FunnelSketches.Hash($"s{i}")).ToArray();
        sketch.Add(hashes.AsSpan(0, 1_000));
        sketch.Add(hashes); // repeats are counted once
        sketch.Count.ShouldBe(new DistinctCount(2_048, false));
        sketch.MemoryBytes.ShouldBe(16_384);
        DistinctSketch.FromBytes(sketch.ToBytes()).ToBytes().ShouldBe(sketch.ToBytes());

        sketch.Add([FunnelSketches.Hash("one more")]);

        sketch.IsApproximate.ShouldBeTrue();
        sketch.MemoryBytes.ShouldBe(16_384);
        sketch.Count.Count.ShouldBeInRange(2_049 - 60, 2_049 + 60);
        DistinctSketch.FromBytes(sketch.ToBytes()).Count.ShouldBe(sketch.Count);
    }

    [Fact]
    public void Funnel_200kSessions_EachStepWithin3PercentApproximateWhereAMinuteGroupPassedTheLimit()
    {
        var random = new Random(11);
        var visits = new List<Visit>();
        for (var i = 0; i < 200_000; i++)
        {
            // Ten minutes, two devices × two countries: product views pass 2,048 sessions per minute and group, purchases do not.
            var start = T0.AddMilliseconds(i * 3L);
            var (device, country) = (random.Next(2) == 0 ? "mobile" : "desktop", random.Next(2) == 0 ? "US" : "DE");
            var steps = 1 + (random.NextDouble() < 0.5 ? 1 : 0) + (random.NextDouble() < 0.3 ? 1 : 0) + (random.NextDouble() < 0.3 ? 1 : 0);
            for (var s = 0; s < steps; s++)
            {
                visits.Add(new Visit($"session-{i}", RealtimeKeys.FunnelSteps[s], start.AddSeconds(s * 20), device, country));
            }
        }

        var (store, queries) = Aggregate(visits);

        foreach (var (device, country) in new (string?, string?)[] { (null, null), ("mobile", null), (null, "DE"), ("desktop", "US") })
        {
            var report = queries.Funnel(device, country);
            for (var s = 0; s < 4; s++)
            {
                var matching = visits.Where(v => v.Step == RealtimeKeys.FunnelSteps[s] && (device is null || v.Device == device) && (country is null || v.Country == country)).ToList();
                var exact = matching.Select(v => v.Session).Distinct().Count();
                var overLimit = matching.GroupBy(v => (RealtimeKeys.WindowOf(v.Time.ToUnixTimeMilliseconds()), v.Device, v.Country)).Any(g => g.Select(v => v.Session).Distinct().Count() > DistinctSketch.ExactLimit);
                var step = report.Steps[s];
                step.Approximate.ShouldBe(overLimit, $"{device}/{country} {step.Step}");
                if (overLimit)
                {
                    ((double)step.Sessions).ShouldBeInRange(exact * 0.97, exact * 1.03, $"{device}/{country} {step.Step}");
                }
                else
                {
                    step.Sessions.ShouldBe(exact, $"{device}/{country} {step.Step}");
                }
            }
        }

        queries.Funnel().Steps.Select(s => s.Approximate).ShouldBe([true, true, false, false]);
        store.SketchBytes.ShouldBeLessThanOrEqualTo(62L * 4 * RealtimeKeys.FunnelGroupLimit * 16_384);
    }

    [Fact]
    public void Funnel_SessionsInSeveralMinutes_CountedOnceExactAndApproximate()
    {
        // 3,000 sessions each in minutes 0, 1 and 2 (one group: 3,000 > the limit, so every minute's sketch is a HyperLogLog),
        // and 50 sessions each in minutes 5, 6 and 7 of another group (exact).
        var visits = new List<Visit>();
        for (var minute = 0; minute < 3; minute++)
        {
            visits.AddRange(Enumerable.Range(0, 3_000).Select(i => new Visit($"big{i}", "product_view", T0.AddMinutes(minute).AddMilliseconds(i * 10), "mobile", "US")));
        }

        for (var minute = 5; minute < 8; minute++)
        {
            visits.AddRange(Enumerable.Range(0, 50).Select(i => new Visit($"small{i}", "add_to_cart", T0.AddMinutes(minute).AddMilliseconds(i * 10), "tablet", "FR")));
        }

        var (_, queries) = Aggregate(visits);

        var all = queries.Funnel();
        all.Steps[0].Approximate.ShouldBeTrue();
        ((double)all.Steps[0].Sessions).ShouldBeInRange(3_000 * 0.97, 3_000 * 1.03);
        all.Steps[1].ShouldBe(new FunnelStep("add_to_cart", 50, 50d / all.Steps[0].Sessions, false));
        queries.Funnel(device: "tablet").Steps.Select(s => (s.Sessions, s.Approximate)).ShouldBe([(0L, false), (50L, false), (0L, false), (0L, false)]);
    }

    [Fact]
    public void Funnel_MorePairsThanTheGroupLimit_UnfilteredExactFilteredFlaggedApproximate()
    {
        // Minute 0: 20 countries, 10 sessions each, in country order; the first 15 get groups, the last 5 share the other group.
        var countries = Enumerable.Range(0, 20).Select(c => $"C{c:00}").ToList();
        var visits = countries.SelectMany((c, ci) => Enumerable.Range(0, 10).Select(i => new Visit($"{c}-{i}", "product_view", T0.AddMilliseconds((ci * 10) + i), "desktop", c))).ToList();

        var (store, queries) = Aggregate(visits);

        store.SetMembers(RealtimeKeys.FunnelGroups(RealtimeKeys.WindowOf(T0.ToUnixTimeMilliseconds()))).Count.ShouldBe(RealtimeKeys.FunnelGroupLimit);
        queries.Funnel().Steps[0].ShouldBe(new FunnelStep("product_view", 200, null, false));
        queries.Funnel(country: "C03").Steps[0].ShouldBe(new FunnelStep("product_view", 10, null, true));
        queries.Funnel(country: "C17").Steps[0].ShouldBe(new FunnelStep("product_view", 0, null, true));
        queries.Funnel(device: "desktop").Steps[0].ShouldBe(new FunnelStep("product_view", 150, null, true));
    }

    [Fact]
    public void Checkpoint_FullPartRoundTrip_SameStateAndFunnel()
    {
        var visits = Enumerable.Range(0, 5_000).Select(i => new Visit($"s{i % 2_500}", RealtimeKeys.FunnelSteps[i % 2 * 2], T0.AddMilliseconds(i * 20), i % 3 == 0 ? "mobile" : "desktop", "US")).ToList();
        var (store, queries) = Aggregate(visits);

        var restored = new MemoryRealtimeStore();
        restored.Import(StateLogPart.Restore(RealtimeStoreSnapshot.Empty, [StateLogPart.Full(store.Export())]));

        StreamFixture.StoreState(restored).ShouldBe(StreamFixture.StoreState(store));
        new RealtimeQueries(restored, Options).Funnel().Steps.ShouldBe(queries.Funnel().Steps);
        new RealtimeQueries(restored, Options).Funnel("mobile").Steps.ShouldBe(queries.Funnel("mobile").Steps);
        restored.SketchBytes.ShouldBe(store.SketchBytes);
    }

    [Fact]
    public void Checkpoint_FromBeforeTheSketches_FunnelSetsConvertedOnRestore()
    {
        // The state an older version checkpointed: per minute and step a set of "session␟device␟country" (JSON, no sketches).
        var visits = Enumerable.Range(0, 900).Select(i => new Visit($"s{i % 300}", RealtimeKeys.FunnelSteps[i % 4], T0.AddSeconds(i / 5.0), i % 2 == 0 ? "mobile" : "desktop", i % 5 == 0 ? "DE" : "US")).ToList();
        var newest = visits.Max(v => v.Time).ToUnixTimeMilliseconds();
        var hashes = new Dictionary<string, Dictionary<string, string>> { [RealtimeKeys.Totals] = new() { [RealtimeKeys.NewestField] = newest.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var minutes = visits.Select(v => RealtimeKeys.MinuteStart(v.Time.ToUnixTimeMilliseconds())).Distinct().ToDictionary(m => RealtimeKeys.WindowOf(m), m => (double)m);
        var sets = visits.GroupBy(v => RealtimeKeys.Funnel(RealtimeKeys.WindowOf(v.Time.ToUnixTimeMilliseconds()), v.Step))
            .ToDictionary(g => g.Key, g => g.Select(v => $"{v.Session}\u001f{v.Device}\u001f{v.Country}").ToHashSet());
        var old = new RealtimeStoreSnapshot(hashes, new Dictionary<string, Dictionary<string, double>> { [RealtimeKeys.Minutes] = minutes }, sets);
        var json = JsonNode.Parse(JsonSerializer.Serialize(old, StreamJsonContext.Default.RealtimeStoreSnapshot))!.AsObject();
        json.Remove("Sketches").ShouldBeTrue();

        var store = new MemoryRealtimeStore();
        store.Import(StateLogPart.Restore(JsonSerializer.Deserialize(json.ToJsonString(), StreamJsonContext.Default.RealtimeStoreSnapshot)!, []));

        store.Export().Sets.Keys.ShouldNotContain(k => k.StartsWith("rt:funnel:", StringComparison.Ordinal));
        var queries = new RealtimeQueries(store, Options);
        foreach (var (device, country) in new (string?, string?)[] { (null, null), ("mobile", null), (null, "DE"), ("desktop", "US") })
        {
            queries.Funnel(device, country).Steps.Select(s => (s.Sessions, s.Approximate)).ShouldBe(RealtimeKeys.FunnelSteps.Select(step =>
                ((long)visits.Where(v => v.Step == step && (device is null || v.Device == device) && (country is null || v.Country == country)).Select(v => v.Session).Distinct().Count(), false)));
        }

        // The aggregator goes on from the converted state: one more session in the newest minute.
        var aggregator = new RealtimeAggregator(store, Options);
        aggregator.Apply([Item(new Visit("late-new", "purchase", DateTimeOffset.FromUnixTimeMilliseconds(newest), "mobile", "US"))]);
        queries.Funnel().Steps[3].Sessions.ShouldBe(visits.Where(v => v.Step == "purchase").Select(v => v.Session).Distinct().Count() + 1);
    }

    [Fact]
    public void State_1MDistinctSessionsInAnHour_SketchBytesUnderTheBound()
    {
        const long Bound = 62L * ((4 * RealtimeKeys.FunnelGroupLimit) + 1) * 16_384; // 62 MiB (decision 66) + the minutes' session sketches (decision 69)
        var store = new MemoryRealtimeStore();
        var aggregator = new RealtimeAggregator(store, Options);
        var counted = new long[4];
        var batch = new List<StreamItem>(10_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            // 40 device/country pairs (more than the group limit), every minute of the hour.
            var (device, country) = (i / 20 % 2 == 0 ? "mobile" : "desktop", $"C{i % 20:00}");
            var time = T0.AddMilliseconds(i * 3.5);
            var reached = i % 8 == 0 ? 4 : i % 4 == 0 ? 3 : i % 2 == 0 ? 2 : 1;
            for (var s = 0; s < reached; s++)
            {
                batch.Add(Item(new Visit($"session-{i}", RealtimeKeys.FunnelSteps[s], time, device, country)));
                counted[s]++;
            }

            if (batch.Count >= 10_000)
            {
                aggregator.Apply(batch);
                batch.Clear();
            }
        }

        aggregator.Apply(batch);

        store.SketchBytes.ShouldBeLessThanOrEqualTo(Bound);
        store.Export().SketchBytes().ShouldBeLessThanOrEqualTo(Bound + (62L * ((4 * RealtimeKeys.FunnelGroupLimit) + 1)));
        var steps = new RealtimeQueries(store, Options).Funnel().Steps;
        for (var s = 0; s < 4; s++)
        {
            // Per minute the other group (25 of the 40 pairs) has ~10.7K, 5.4K, 2.7K and 1.3K sessions at the four steps:
            // the first three hold HyperLogLogs; the purchase step's parts are exact, but their union (125K hashes) passes
            // DistinctUnion.ExactUnionLimit, so it is counted by registers too.
            steps[s].Approximate.ShouldBeTrue();
            ((double)steps[s].Sessions).ShouldBeInRange(counted[s] * 0.97, counted[s] * 1.03);
        }
    }

    private static (MemoryRealtimeStore Store, RealtimeQueries Queries) Aggregate(IEnumerable<Visit> visits) =>
        StreamFixture.Aggregate(visits.OrderBy(v => v.Time).Select(Item), Options);

    private static StreamItem Item(Visit visit) =>
        new(EntityKind.Events, visit.Time.UtcDateTime, ReadOnlyMemory<byte>.Empty, new RealtimeAggregator.EventFields(visit.Step, null, visit.Session, visit.Device, visit.Country));
}
