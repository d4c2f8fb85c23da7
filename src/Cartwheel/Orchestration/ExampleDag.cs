using System.Globalization;

namespace Cartwheel.Orchestration;

/// <summary>
/// A demonstration DAG whose tasks do real but trivial work: each writes a marker file
/// <c>orchestration/example/dt=YYYY-MM-DD/&lt;task&gt;.done</c> in the data directory (atomically, so reruns are
/// idempotent). To try a failure and <c>dag retry</c>, create <c>orchestration/example/fail-&lt;task&gt;</c>: the
/// task fails while that file exists.
/// </summary>
public static class ExampleDag
{
    public const string Id = "example";

    public static Dag Create(DataDirectory dataDirectory)
    {
        var root = Path.Combine(dataDirectory.Root, "orchestration", Id);
        Func<TaskContext, Task> Marker(string task) => ctx => WriteMarkerAsync(root, task, ctx);
        return new DagBuilder(Id)
            .Describe("Demonstration: extract → (transform_a, transform_b) → publish, writing marker files per logical date.")
            .Schedule("0 0 * * *")
            .MaxActiveRuns(4)
            .Sla(TimeSpan.FromHours(4))
            .DefaultRetry(new RetryPolicy(1, TimeSpan.FromMilliseconds(200)))
            .Task("extract", Marker("extract"), t => t.Timeout(TimeSpan.FromMinutes(1)))
            .Task("transform_a", Marker("transform_a"), t => t.After("extract"))
            .Task("transform_b", Marker("transform_b"), t => t.After("extract"))
            .Task("publish", Marker("publish"), t => t.After("transform_a", "transform_b"))
            .Build();
    }

    /// <summary>The marker file a task writes for a date.</summary>
    public static string MarkerPath(DataDirectory dataDirectory, string task, DateOnly date) =>
        Path.Combine(dataDirectory.Root, "orchestration", Id, "dt=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), task + ".done");

    private static async Task WriteMarkerAsync(string root, string task, TaskContext ctx)
    {
        var fail = Path.Combine(root, "fail-" + task);
        if (File.Exists(fail))
        {
            throw new IOException($"Injected failure: remove {fail} and retry the run.");
        }

        var folder = Path.Combine(root, "dt=" + ctx.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{task}.{ctx.RunId}.{ctx.Attempt}.tmp");
        await File.WriteAllTextAsync(temp, string.Create(CultureInfo.InvariantCulture,
            $"{ctx.DagId}.{task} run={ctx.RunId} attempt={ctx.Attempt} at={ctx.TimeProvider.GetUtcNow():o}\n"), ctx.CancellationToken);
        File.Move(temp, Path.Combine(folder, task + ".done"), overwrite: true);
    }
}
