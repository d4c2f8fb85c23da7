namespace Cartwheel.Orchestration;

/// <summary>When a task runs, given the statuses of its upstream tasks (Airflow's rules).</summary>
public enum TriggerRule
{
    /// <summary>Every upstream task succeeded (the default). A failed upstream makes the task upstream_failed; a skipped one skips it.</summary>
    AllSuccess,

    /// <summary>Every upstream task finished, whatever its status (clean-up tasks).</summary>
    AllDone,

    /// <summary>At least one upstream task failed or was upstream_failed; skipped when all finished without a failure.</summary>
    OneFailed,
}
