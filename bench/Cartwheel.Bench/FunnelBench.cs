using System.Globalization;
using Cartwheel.Contracts;
using Cartwheel.Streaming;

namespace Cartwheel.Bench;

/// <summary>
/// The real-time aggregates' per-batch work on click events in isolation (decision 66), CPU-µs per event: the
/// aggregator's <c>Apply</c> into a change-tracking memory store, then the batch's checkpoint delta, then one funnel
/// query (the dashboard asks once a second, about every fourth batch). Sessions repeat (a pool of <c>--sessions</c>
/// ids, as the bench's templates without fresh ids) or are fresh (a new id every 20 events). The event mix is the
/// simulator's shape: page views, product views, add to cart, checkout, purchase, search; 3 devices × 8 countries.
/// The same file builds against the code before decision 66 (the funnel as sets), for an A/B.
/// </summary>
internal static class FunnelBench
{
    private static readonly string[] Types = ["page_view", "page_view", "page_view", "product_view", "product_view", "product_view", "search", "add_to_cart", "checkout_started", "purchase"];
    private static readonly string[] Devices = ["desktop", "mobile", "tablet"];
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "CA", "AU", "NL", "ES"];

    public static int Run(string[] args)
    {
        var events = Option(args, "--events", 2_000_000);
        var sessions = Option(args, "--sessions", 3_000);
        var rounds = Option(args, "--rounds", 3);
        const int Batch = 20_000;
        Console.WriteLine($"funnel: {events:N0} events at 80K/s of event time, batches of {Batch:N0}, {rounds} rounds, load average {CpuClock.LoadAverage()}");
        foreach (var fresh in new[] { false, true })
        {
            var random = new Random(5);
            var items = new StreamItem[events];
            var start = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < events; i++)
            {
                var session = fresh ? i / 20 : random.Next(sessions);
                items[i] = new StreamItem(EntityKind.Events, start.AddTicks(i * 125L * TimeSpan.TicksPerMicrosecond / 10), ReadOnlyMemory<byte>.Empty,
                    new RealtimeAggregator.EventFields(Types[random.Next(Types.Length)], $"p{random.Next(2_000)}", $"s_{session:x32}",
                        Devices[session % 3], Countries[session / 3 % 8]));
            }

            for (var round = 1; round <= rounds; round++)
            {
                var store = new ChangeTrackingStore(new MemoryRealtimeStore());
                var aggregator = new RealtimeAggregator(store, new StreamOptions());
                var queries = new RealtimeQueries(store, new StreamOptions());
                long checkpointBytes = 0, queried = 0;
                var clock = CpuClock.Start();
                for (var b = 0; b * Batch < events; b++)
                {
                    aggregator.Apply(items.AsSpan(b * Batch, Math.Min(Batch, events - (b * Batch))).ToArray());
                    checkpointBytes += StateLogPart.Delta(store, store.Changed).Length;
                    store.ClearChanges();
                    if (b % 4 == 0)
                    {
                        queried += queries.Funnel().Steps[0].Sessions;
                    }
                }

                var (wall, cpu) = clock.Elapsed();
                var funnel = queries.Funnel().Steps;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {(fresh ? "fresh" : "repeating")} sessions  {cpu * 1e6 / events,7:F3} CPU-µs/event  {wall:F2} s wall  checkpoint deltas {checkpointBytes / 1e6:F1} MB  " +
                    $"funnel {string.Join(" → ", funnel.Select(s => s.Sessions))} (check {queried % 1000})"));
            }
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
