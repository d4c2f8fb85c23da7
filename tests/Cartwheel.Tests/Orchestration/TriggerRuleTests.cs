using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class TriggerRuleTests
{
    [Fact]
    public async Task RunAsync_MixedTriggerRules_EachTaskGetsItsExactStatus()
    {
        var ran = new List<string>();
        Func<TaskContext, Task> Ok(string id) => _ =>
        {
            lock (ran)
            {
                ran.Add(id);
            }

            return Task.CompletedTask;
        };
        var dag = new DagBuilder("rules")
            .Task("fails", _ => throw new IOException("no"))
            .Task("works", Ok("works"))
            .Task("all_success", Ok("all_success"), t => t.After("fails", "works"))
            .Task("all_done", Ok("all_done"), t => t.After("fails", "works").Trigger(TriggerRule.AllDone))
            .Task("one_failed", Ok("one_failed"), t => t.After("fails", "works").Trigger(TriggerRule.OneFailed))
            .Task("one_failed_none", Ok("one_failed_none"), t => t.After("works").Trigger(TriggerRule.OneFailed))
            .Task("after_skipped", Ok("after_skipped"), t => t.After("one_failed_none"))
            .Task("after_upstream_failed", Ok("after_upstream_failed"), t => t.After("all_success").Trigger(TriggerRule.OneFailed))
            .Build();
        using var h = new OrchestrationHarness([dag]);

        var run = await h.Runner.RunAsync("rules", OrchestrationHarness.Start.Date, cancellationToken: TestContext.Current.CancellationToken);

        run.Status.ShouldBe(DagRunStatus.Failed);
        h.Statuses(run.RunId).ShouldBe(new Dictionary<string, TaskInstanceStatus>
        {
            ["fails"] = TaskInstanceStatus.Failed,
            ["works"] = TaskInstanceStatus.Success,
            ["all_success"] = TaskInstanceStatus.UpstreamFailed,
            ["all_done"] = TaskInstanceStatus.Success,
            ["one_failed"] = TaskInstanceStatus.Success,
            ["one_failed_none"] = TaskInstanceStatus.Skipped,
            ["after_skipped"] = TaskInstanceStatus.Skipped,
            ["after_upstream_failed"] = TaskInstanceStatus.Success,
        }, ignoreOrder: true);
        ran.Order(StringComparer.Ordinal).ShouldBe(["after_upstream_failed", "all_done", "one_failed", "works"]);
    }

    [Theory]
    [InlineData(TriggerRule.AllSuccess, new[] { TaskInstanceStatus.Success, TaskInstanceStatus.Running }, null)]
    [InlineData(TriggerRule.AllSuccess, new[] { TaskInstanceStatus.Failed, TaskInstanceStatus.Running }, TaskInstanceStatus.UpstreamFailed)]
    [InlineData(TriggerRule.AllDone, new[] { TaskInstanceStatus.Skipped, TaskInstanceStatus.UpForRetry }, null)]
    [InlineData(TriggerRule.AllDone, new[] { TaskInstanceStatus.Skipped, TaskInstanceStatus.UpstreamFailed }, TaskInstanceStatus.Running)]
    [InlineData(TriggerRule.OneFailed, new[] { TaskInstanceStatus.UpstreamFailed, TaskInstanceStatus.Queued }, TaskInstanceStatus.Running)]
    [InlineData(TriggerRule.OneFailed, new[] { TaskInstanceStatus.Success, TaskInstanceStatus.Skipped }, TaskInstanceStatus.Skipped)]
    public void Decide_UpstreamStatuses_ExpectedDecision(TriggerRule rule, TaskInstanceStatus[] upstream, TaskInstanceStatus? expected) =>
        TriggerRules.Decide(rule, upstream).ShouldBe(expected);
}
