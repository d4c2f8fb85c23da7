namespace Cartwheel.Orchestration;

/// <summary>One task of a DAG: what it runs, what it waits for and how it is retried. Built by <see cref="DagBuilder"/>.</summary>
public sealed record DagTask(
    string Id,
    Func<TaskContext, Task> Action,
    IReadOnlyList<string> Upstream,
    TriggerRule TriggerRule,
    RetryPolicy Retry,
    TimeSpan? Timeout,
    string? Pool);
