namespace Cartwheel.Orchestration;

/// <summary>Configures one task inside <see cref="DagBuilder.Task"/>.</summary>
public sealed class TaskBuilder
{
    private readonly List<string> _upstream = [];
    private RetryPolicy? _retry;
    private TimeSpan? _timeout;
    private string? _pool;
    private TriggerRule _trigger = TriggerRule.AllSuccess;

    internal TaskBuilder(string id) => Id = id;

    internal string Id { get; }

    /// <summary>Runs after these tasks (its upstream tasks).</summary>
    public TaskBuilder After(params string[] upstream)
    {
        _upstream.AddRange(upstream);
        return this;
    }

    /// <summary>Retries a failed attempt up to <paramref name="retries"/> times with exponential backoff from <paramref name="delay"/>.</summary>
    public TaskBuilder Retries(int retries, TimeSpan delay, TimeSpan? maxDelay = null, bool jitter = true) =>
        Retry(new RetryPolicy(retries, delay, maxDelay, jitter));

    public TaskBuilder Retry(RetryPolicy policy)
    {
        _retry = policy;
        return this;
    }

    /// <summary>Cancels an attempt that runs longer than this (10 ms to 24 h); a timed-out attempt fails and may be retried.</summary>
    public TaskBuilder Timeout(TimeSpan timeout)
    {
        _timeout = timeout;
        return this;
    }

    /// <summary>Takes a slot of this concurrency pool while running (pools are sized by the runner's options).</summary>
    public TaskBuilder Pool(string pool)
    {
        _pool = pool;
        return this;
    }

    public TaskBuilder Trigger(TriggerRule rule)
    {
        _trigger = rule;
        return this;
    }

    internal DagTask Build(Func<TaskContext, Task> action, RetryPolicy defaultRetry)
    {
        var retry = _retry ?? defaultRetry;
        if (retry.Retries < 0 || retry.Delay < TimeSpan.Zero || retry.Delay > TimeSpan.FromDays(1))
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Task '{Id}': retries must be ≥ 0 and the delay between 0 and 24 h.");
        }

        if (_timeout is { } t && (t < TimeSpan.FromMilliseconds(10) || t > TimeSpan.FromDays(1)))
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Task '{Id}': the timeout must be between 10 ms and 24 h.");
        }

        return new DagTask(Id, action, _upstream.Distinct(StringComparer.Ordinal).ToList(), _trigger, retry, _timeout, _pool);
    }
}
