using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class DagSchedulerTests
{
    private static DateTimeOffset At(int day, int hour = 0, int minute = 0) => new(2024, 4, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task TickAsync_DailyWithoutCatchup_RunsOnlyTheLatestEndedDayOnceAfterItEnds()
    {
        var dag = new DagBuilder("daily").Schedule("0 0 * * *").Task("t", _ => Task.CompletedTask).Build();
        using var h = new OrchestrationHarness([dag]);
        var scheduler = h.Scheduler();
        var ct = TestContext.Current.CancellationToken;
        h.Clock.SetUtcNow(At(10, 0, 5));

        var first = await scheduler.TickAsync(ct);
        var again = await scheduler.TickAsync(ct);
        h.Clock.SetUtcNow(At(10, 23, 59));
        var beforeMidnight = await scheduler.TickAsync(ct);
        h.Clock.SetUtcNow(At(11, 0, 0));
        var atMidnight = await scheduler.TickAsync(ct);

        first.Started.Select(r => r.LogicalDate).ShouldBe([At(9)]);
        first.NextWake.ShouldBe(At(11));
        again.Started.ShouldBeEmpty();
        beforeMidnight.Started.ShouldBeEmpty();
        atMidnight.Started.Select(r => r.LogicalDate).ShouldBe([At(10)]);
        foreach (var run in first.Started.Concat(atMidnight.Started))
        {
            (await run.Completion).Status.ShouldBe(DagRunStatus.Success);
        }

        h.Store.ListRuns("daily").Select(r => (r.LogicalDate, r.RunType)).ShouldBe([(At(10), RunType.Scheduled), (At(9), RunType.Scheduled)]);
    }

    [Fact]
    public async Task TickAsync_CatchupFromStartDate_RunsEveryMissedInterval()
    {
        var dag = new DagBuilder("hourly").Schedule("0 */6 * * *").Catchup(At(9)).MaxActiveRuns(4).Task("t", _ => Task.CompletedTask).Build();
        using var h = new OrchestrationHarness([dag]);
        h.Clock.SetUtcNow(At(10, 1));

        var tick = await h.Scheduler().TickAsync(TestContext.Current.CancellationToken);
        await Task.WhenAll(tick.Started.Select(r => r.Completion));

        tick.Started.Select(r => r.LogicalDate).ShouldBe([At(9), At(9, 6), At(9, 12), At(9, 18)]);
    }

    [Fact]
    public async Task TickAsync_NewSchedulerInstance_ContinuesFromTheCatalog()
    {
        var dag = new DagBuilder("daily").Schedule("0 0 * * *").Catchup(At(1)).Task("t", _ => Task.CompletedTask).Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;
        h.Clock.SetUtcNow(At(3, 12));
        var first = await h.Scheduler().TickAsync(ct);
        await Task.WhenAll(first.Started.Select(r => r.Completion));
        h.Clock.SetUtcNow(At(4, 1));

        var second = await h.Scheduler().TickAsync(ct);
        await Task.WhenAll(second.Started.Select(r => r.Completion));

        first.Started.Select(r => r.LogicalDate).ShouldBe([At(1), At(2)]);
        second.Started.Select(r => r.LogicalDate).ShouldBe([At(3)]);
    }
}
