using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class SlaMonitorTests
{
    [Fact]
    public async Task CheckAsync_RunStillActivePastDeadline_AlertsExactlyOncePerRun()
    {
        // Logical date 2024-03-09, daily: the interval ends 2024-03-10T00:00Z, the SLA deadline is 04:00Z.
        var day = new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dag = new DagBuilder("daily_sla").Schedule("0 0 * * *").Sla(TimeSpan.FromHours(4))
            .Task("slow", ctx => gate.Task.WaitAsync(ctx.CancellationToken))
            .Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;
        dag.SlaDeadline(day).ShouldBe(new DateTimeOffset(2024, 3, 10, 4, 0, 0, TimeSpan.Zero));
        h.Clock.SetUtcNow(new DateTimeOffset(2024, 3, 10, 3, 0, 0, TimeSpan.Zero));
        var running = h.Runner.RunAsync("daily_sla", day, RunType.Scheduled, ct);

        (await h.Sla.CheckAsync(ct)).ShouldBe(0);
        h.Clock.Advance(TimeSpan.FromMinutes(61));
        (await h.Sla.CheckAsync(ct)).ShouldBe(1);
        (await h.Sla.CheckAsync(ct)).ShouldBe(0);
        gate.SetResult();
        var run = await running;

        run.Status.ShouldBe(DagRunStatus.Success);
        var (alert, link) = h.Sink.Sent.ShouldHaveSingleItem();
        (alert.Kind, alert.Key, alert.RunId).ShouldBe((AlertKind.SlaMiss, $"sla_miss:{run.RunId}", run.RunId));
        alert.Text.ShouldBe("SLA missed: daily_sla for 2024-03-09T00:00Z was not done by 2024-03-10T04:00Z (status running).");
        link.ShouldBe($"http://dash.example/runs.html#{run.RunId}");
        h.Store.ListAlerts().Count.ShouldBe(1);
    }

    [Fact]
    public async Task CheckRunAsync_RunFinishedBeforeDeadline_NoAlert()
    {
        var dag = new DagBuilder("on_time").Sla(TimeSpan.FromHours(4)).Task("t", _ => Task.CompletedTask).Build();
        using var h = new OrchestrationHarness([dag]);
        var ct = TestContext.Current.CancellationToken;
        var run = await h.Runner.RunAsync("on_time", OrchestrationHarness.Start.AddDays(-1).Date, RunType.Scheduled, ct);
        h.Clock.Advance(TimeSpan.FromDays(3));

        (await h.Sla.CheckAsync(ct)).ShouldBe(0);
        run.Status.ShouldBe(DagRunStatus.Success);
        h.Sink.Sent.ShouldBeEmpty();
    }
}
