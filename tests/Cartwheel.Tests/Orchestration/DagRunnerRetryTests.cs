using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class DagRunnerRetryTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 9, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_FlakyTaskSucceedsOnThirdAttempt_DelaysGrowExactly()
    {
        var calls = 0;
        var dag = new DagBuilder("flaky")
            .Task("extract", _ => ++calls < 3 ? throw new IOException($"flake {calls}") : Task.CompletedTask,
                t => t.Retries(4, TimeSpan.FromSeconds(10), jitter: false))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;

        var run = await h.Clock.DriveAsync(h.Runner.RunAsync("flaky", Day, cancellationToken: ct), ct);

        run.Status.ShouldBe(DagRunStatus.Success);
        calls.ShouldBe(3);
        h.Clock.Steps.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]);
        var attempts = h.Store.ListAttempts(run.RunId, "extract");
        attempts.Select(a => (a.Attempt, a.Status, a.RetryDelay)).ShouldBe([
            (1, "failed", TimeSpan.FromSeconds(10)),
            (2, "failed", TimeSpan.FromSeconds(20)),
            (3, "success", (TimeSpan?)null)]);
        attempts.Select(a => a.StartedAt - OrchestrationHarness.Start).ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)]);
        attempts[0].Error.ShouldBe("IOException: flake 1");
        attempts[0].LogExcerpt.ShouldBe("[Error] IOException: flake 1");
        var instance = h.Store.ListTaskInstances(run.RunId).ShouldHaveSingleItem();
        (instance.Status, instance.Attempts, instance.Duration).ShouldBe((TaskInstanceStatus.Success, 3, TimeSpan.FromSeconds(30)));
        h.Sink.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_AttemptExceedsTimeout_TaskFailsAfterExactlyTheTimeout()
    {
        var dag = new DagBuilder("slow")
            .Task("wait", ctx => Task.Delay(TimeSpan.FromHours(1), ctx.TimeProvider, ctx.CancellationToken), t => t.Timeout(TimeSpan.FromSeconds(30)))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;

        var run = await h.Clock.DriveAsync(h.Runner.RunAsync("slow", Day, cancellationToken: ct), ct);

        run.Status.ShouldBe(DagRunStatus.Failed);
        h.Clock.Steps.ShouldBe([TimeSpan.FromSeconds(30)]);
        var instance = h.Store.ListTaskInstances(run.RunId).ShouldHaveSingleItem();
        (instance.Status, instance.Error, instance.Duration).ShouldBe((TaskInstanceStatus.Failed, "timed out after 00:00:30", TimeSpan.FromSeconds(30)));
        h.Store.ListAttempts(run.RunId).ShouldHaveSingleItem().Error.ShouldBe("timed out after 00:00:30");
    }

    [Fact]
    public async Task RunAsync_TaskFailsAfterRetries_DownstreamUpstreamFailedAndExactlyOneAlert()
    {
        var dag = new DagBuilder("chain")
            .Task("a", _ => throw new InvalidOperationException("boom"), t => t.Retries(2, TimeSpan.FromSeconds(1), jitter: false))
            .Task("b", _ => Task.CompletedTask, t => t.After("a"))
            .Task("c", _ => Task.CompletedTask, t => t.After("b"))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;

        var run = await h.Clock.DriveAsync(h.Runner.RunAsync("chain", Day, cancellationToken: ct), ct);

        run.Status.ShouldBe(DagRunStatus.Failed);
        run.Error.ShouldBe("Tasks did not succeed: a (failed), b (upstream_failed), c (upstream_failed)");
        h.Statuses(run.RunId).ShouldBe(new Dictionary<string, TaskInstanceStatus>
        {
            ["a"] = TaskInstanceStatus.Failed, ["b"] = TaskInstanceStatus.UpstreamFailed, ["c"] = TaskInstanceStatus.UpstreamFailed,
        });
        h.Store.ListAttempts(run.RunId, "a").Count.ShouldBe(3);
        var (alert, link) = h.Sink.Sent.ShouldHaveSingleItem();
        (alert.Kind, alert.DagId, alert.RunId, alert.TaskId, alert.LogicalDate).ShouldBe((AlertKind.TaskFailed, "chain", run.RunId, "a", (DateTimeOffset?)Day));
        alert.Text.ShouldBe("Task chain.a failed after 3 attempt(s): InvalidOperationException: boom");
        link.ShouldBe($"http://dash.example/runs.html#{run.RunId}");
        h.Store.ListAlerts(run.RunId).ShouldHaveSingleItem().DeliveredAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task RetryAsync_FailedRun_RerunsOnlyFailedTaskAndDescendants()
    {
        var executions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failB = true;
        Func<TaskContext, Task> Count(string id) => ctx =>
        {
            lock (executions)
            {
                executions[id] = executions.GetValueOrDefault(id) + 1;
            }

            return id == "b" && failB ? throw new IOException("b broke") : Task.CompletedTask;
        };
        var dag = new DagBuilder("resume")
            .Task("a", Count("a"))
            .Task("b", Count("b"), t => t.After("a"))
            .Task("c", Count("c"), t => t.After("b"))
            .Task("d", Count("d"), t => t.After("a"))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;
        var failed = await h.Runner.RunAsync("resume", Day, cancellationToken: ct);
        failed.Status.ShouldBe(DagRunStatus.Failed);
        h.Statuses(failed.RunId)["c"].ShouldBe(TaskInstanceStatus.UpstreamFailed);

        failB = false;
        var retried = await h.Runner.RetryAsync(failed.RunId, ct);

        retried.RunId.ShouldBe(failed.RunId);
        retried.Status.ShouldBe(DagRunStatus.Success);
        executions.ShouldBe(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 1, ["d"] = 1 });
        h.Statuses(failed.RunId).Values.ShouldAllBe(s => s == TaskInstanceStatus.Success);
        h.Store.ListAttempts(failed.RunId, "b").Select(a => (a.Attempt, a.Status)).ShouldBe([(1, "failed"), (2, "success")]);
        h.Store.ListRuns("resume").ShouldHaveSingleItem().Status.ShouldBe(DagRunStatus.Success);
        await Should.ThrowAsync<CartwheelException>(() => h.Runner.RetryAsync(failed.RunId, ct));
    }
}
