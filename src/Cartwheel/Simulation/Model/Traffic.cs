namespace Cartwheel.Simulation.Model;

/// <summary>How many sessions each day gets (weekends busier) and when they start (quiet nights, busy evenings).</summary>
internal static class Traffic
{
    /// <summary>The mean number of events per session the funnel produces (measured), to turn events/day into sessions/day.</summary>
    public const double EventsPerSession = 4.9;

    private static readonly double[] HourWeights = Sampling.Cumulative(
    [
        0.30, 0.20, 0.15, 0.12, 0.12, 0.15, 0.30, 0.50, 0.70, 0.85, 0.95, 1.00,
        1.05, 1.00, 0.95, 0.95, 1.00, 1.10, 1.25, 1.40, 1.45, 1.30, 0.90, 0.55,
    ]);

    public static long[] SessionsPerDay(SimulationOptions options) =>
        Enumerable.Range(0, options.Days).Select(d =>
        {
            var weekday = options.Start.AddDays(d).DayOfWeek switch
            {
                DayOfWeek.Saturday => 1.05,
                DayOfWeek.Sunday => 1.10,
                DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Friday => 0.95,
                _ => 1.0,
            };
            return Math.Max(1L, (long)Math.Round(options.EffectiveEventsPerDay / EventsPerSession * weekday));
        }).ToArray();

    /// <summary>Sorted session start times (UTC ticks, whole milliseconds) within the day.</summary>
    public static long[] SessionStarts(DateTimeOffset day, long count, Random random)
    {
        var starts = new long[count];
        for (var i = 0; i < starts.Length; i++)
        {
            var hour = Sampling.Pick(HourWeights, random);
            starts[i] = day.UtcTicks + (hour * TimeSpan.TicksPerHour) + (random.NextInt64(3_600_000) * TimeSpan.TicksPerMillisecond);
        }

        Array.Sort(starts);
        return starts;
    }
}
