namespace Cartwheel.Orchestration;

/// <summary>Decides what a queued task does next from its upstream statuses.</summary>
internal static class TriggerRules
{
    /// <summary>
    /// <see cref="TaskInstanceStatus.Running"/> to start it now, a terminal status to set without running it
    /// (<c>upstream_failed</c> or <c>skipped</c>), or null to keep waiting for upstream tasks.
    /// </summary>
    public static TaskInstanceStatus? Decide(TriggerRule rule, IReadOnlyCollection<TaskInstanceStatus> upstream)
    {
        var allDone = upstream.All(s => s.IsTerminal());
        var anyFailed = upstream.Any(s => s.IsFailure());
        return rule switch
        {
            TriggerRule.AllSuccess when anyFailed => TaskInstanceStatus.UpstreamFailed,
            TriggerRule.AllSuccess when !allDone => null,
            TriggerRule.AllSuccess => upstream.All(s => s == TaskInstanceStatus.Success) ? TaskInstanceStatus.Running : TaskInstanceStatus.Skipped,
            TriggerRule.AllDone => allDone ? TaskInstanceStatus.Running : null,
            // Fires as soon as one upstream task failed, like Airflow's one_failed.
            TriggerRule.OneFailed when anyFailed => TaskInstanceStatus.Running,
            TriggerRule.OneFailed => allDone ? TaskInstanceStatus.Skipped : null,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }
}
