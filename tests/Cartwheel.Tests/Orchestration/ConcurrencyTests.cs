using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class ConcurrencyTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_MaxActiveRunsOne_SecondRunWaitsQueuedUntilTheFirstEnds()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var dag = new DagBuilder("single")
            .Task("work", async ctx =>
            {
                Interlocked.Increment(ref started);
                firstStarted.TrySetResult();
                await gate.Task.WaitAsync(ctx.CancellationToken);
            })
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;

        var first = h.Runner.RunAsync("single", Day, cancellationToken: ct);
        await firstStarted.Task.WaitAsync(ct);
        var second = h.Runner.RunAsync("single", Day.AddDays(1), cancellationToken: ct);

        var runs = h.Store.ListRuns("single");
        runs.Select(r => (r.LogicalDate, r.Status)).ShouldBe([(Day.AddDays(1), DagRunStatus.Queued), (Day, DagRunStatus.Running)]);
        h.Statuses(runs[0].RunId)["work"].ShouldBe(TaskInstanceStatus.Queued);
        Volatile.Read(ref started).ShouldBe(1);

        gate.SetResult();
        (await first).Status.ShouldBe(DagRunStatus.Success);
        (await second).Status.ShouldBe(DagRunStatus.Success);
        started.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_PoolOfTwo_AtMostTwoTasksRunAtOnce()
    {
        var current = 0;
        var max = 0;
        var executions = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new DagBuilder("pooled");
        for (var i = 0; i < 6; i++)
        {
            builder.Task($"t{i}", async ctx =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref max, now);
                if (now == 2)
                {
                    twoRunning.TrySetResult();
                }

                // Every task holds its slot until two have run side by side once, so the maximum is reached.
                await twoRunning.Task.WaitAsync(ctx.CancellationToken);
                Interlocked.Increment(ref executions);
                Interlocked.Decrement(ref current);
            }, t => t.Pool("db"));
        }

        using var h = new OrchestrationHarness([builder.Build()], new Dictionary<string, int> { ["db"] = 2 });

        var run = await h.Runner.RunAsync("pooled", Day, cancellationToken: TestContext.Current.CancellationToken);

        run.Status.ShouldBe(DagRunStatus.Success);
        executions.ShouldBe(6);
        max.ShouldBe(2);
    }

    [Fact]
    public async Task Backfill_SevenDaysParallelThree_RunsSevenDatesAtMostThreeAtOnce()
    {
        var current = 0;
        var max = 0;
        var threeRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dates = new List<DateOnly>();
        var dag = new DagBuilder("bf").MaxActiveRuns(5)
            .Task("work", async ctx =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref max, now);
                if (now == 3)
                {
                    threeRunning.TrySetResult();
                }

                await threeRunning.Task.WaitAsync(ctx.CancellationToken);
                lock (dates)
                {
                    dates.Add(ctx.Date);
                }

                Interlocked.Decrement(ref current);
            })
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var progress = new List<DagRunRecord>();
        var backfill = new Backfill(h.Registry, h.Runner);

        var runs = await backfill.RunAsync("bf", new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 7), parallel: 3,
            new SynchronousProgress(progress), TestContext.Current.CancellationToken);

        runs.Select(r => r.LogicalDate.Day).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        runs.ShouldAllBe(r => r.Status == DagRunStatus.Success && r.RunType == RunType.Backfill);
        dates.Order().ShouldBe(Enumerable.Range(1, 7).Select(d => new DateOnly(2024, 2, d)));
        max.ShouldBe(3);
        progress.Count.ShouldBe(7);
        h.Store.ListRuns("bf").Count.ShouldBe(7);
    }

    [Fact]
    public async Task Backfill_ParallelAboveMaxActiveRuns_IsCappedByMaxActiveRuns()
    {
        var current = 0;
        var max = 0;
        var dag = new DagBuilder("capped")
            .Task("work", async ctx =>
            {
                InterlockedMax(ref max, Interlocked.Increment(ref current));
                await Task.Yield();
                Interlocked.Decrement(ref current);
            })
            .Build();
        using var h = new OrchestrationHarness([dag]);

        var runs = await new Backfill(h.Registry, h.Runner).RunAsync("capped", new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 4), parallel: 4,
            cancellationToken: TestContext.Current.CancellationToken);

        runs.Count.ShouldBe(4);
        max.ShouldBe(1);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class SynchronousProgress(List<DagRunRecord> into) : IProgress<DagRunRecord>
    {
        public void Report(DagRunRecord value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
