using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class ExampleDagTests
{
    [Fact]
    public async Task RunThenRetry_InjectedFailure_MarkersWrittenAfterResume()
    {
        using var h = new OrchestrationHarness([]);
        var data = new DataDirectory(h.DataRoot);
        h.Registry.Add(ExampleDag.Create(data));
        var day = new DateOnly(2024, 3, 2);
        var fail = Path.Combine(h.DataRoot, "orchestration", "example", "fail-transform_b");
        Directory.CreateDirectory(Path.GetDirectoryName(fail)!);
        await File.WriteAllTextAsync(fail, "", TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var running = h.Runner.RunAsync("example", new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken: ct);
        // extract holds a 1-minute timeout timer while it writes, so the clock moves only once transform_b waits to retry.
        while (!running.IsCompleted)
        {
            var waiting = h.Store.ListRuns("example").SelectMany(r => h.Store.ListTaskInstances(r.RunId)).Any(t => t.Status == TaskInstanceStatus.UpForRetry);
            if (waiting)
            {
                h.Clock.Advance(TimeSpan.FromSeconds(5));
            }

            await Task.WhenAny(running, Task.Delay(5, ct));
        }

        var failed = await running;
        File.Delete(fail);
        var resumed = await h.Runner.RetryAsync(failed.RunId, ct);

        failed.Status.ShouldBe(DagRunStatus.Failed);
        h.Store.ListAttempts(failed.RunId, "transform_b")[0].RetryDelay.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        resumed.Status.ShouldBe(DagRunStatus.Success);
        new[] { "extract", "transform_a", "transform_b", "publish" }.ShouldAllBe(t => File.Exists(ExampleDag.MarkerPath(data, t, day)));
        h.Store.ListTaskInstances(failed.RunId).Select(t => (t.TaskId, t.Attempts)).ShouldBe([("extract", 1), ("transform_a", 1), ("transform_b", 3), ("publish", 1)]);
    }
}
