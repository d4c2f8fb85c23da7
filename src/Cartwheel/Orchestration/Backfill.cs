namespace Cartwheel.Orchestration;

/// <summary>
/// Runs a DAG for every logical date in a range, at most <c>parallel</c> runs at once (and never more than the
/// DAG's max_active_runs: extra runs wait in <c>queued</c>). Tasks are idempotent per logical date, so a
/// backfill over dates that already ran simply rebuilds them.
/// </summary>
public sealed class Backfill(DagRegistry registry, DagRunner runner)
{
    /// <summary>The logical dates of a range: the DAG's cron occurrences from <paramref name="from"/> to the end of <paramref name="to"/>, or one per day for an unscheduled DAG.</summary>
    public IReadOnlyList<DateTimeOffset> LogicalDates(string dagId, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, $"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}.");
        }

        var dag = registry.Get(dagId);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        var dates = new List<DateTimeOffset>();
        for (var d = dag.Schedule?.FirstAtOrAfter(start) ?? start; d < end; d = dag.Schedule?.Next(d) ?? d.AddDays(1))
        {
            dates.Add(d);
        }

        return dates;
    }

    /// <summary>Runs every logical date of the range, oldest first; returns the finished runs in date order.</summary>
    public async Task<IReadOnlyList<DagRunRecord>> RunAsync(string dagId, DateOnly from, DateOnly to, int parallel,
        IProgress<DagRunRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        if (parallel < 1)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, "--parallel must be at least 1.");
        }

        var dates = LogicalDates(dagId, from, to);
        var runs = new DagRunRecord[dates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, dates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                runs[i] = await runner.RunAsync(dagId, dates[i], RunType.Backfill, token);
                progress?.Report(runs[i]);
            });
        return runs;
    }
}
