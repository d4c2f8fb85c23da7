using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Cartwheel.Orchestration;

public sealed partial class DagRunner
{
    /// <summary>The ready-queue: starts every task whose trigger rule is satisfied, waits for one to finish, repeats.</summary>
    private async Task<Dictionary<string, TaskInstanceStatus>> ExecuteTasksAsync(Dag dag, DagRunRecord run, IReadOnlySet<string> toRun,
        IReadOnlyDictionary<string, TaskInstanceRecord> previous, CancellationToken cancellationToken)
    {
        var states = dag.Tasks.ToDictionary(t => t.Id,
            t => toRun.Contains(t.Id) ? TaskInstanceStatus.Queued : previous[t.Id].Status, StringComparer.Ordinal);
        var pending = dag.Tasks.Where(t => toRun.Contains(t.Id)).ToList();
        var running = new Dictionary<Task<TaskInstanceStatus>, string>();
        while (pending.Count > 0 || running.Count > 0)
        {
            // Tasks are in topological order, so one pass also settles tasks downstream of a skipped or failed one.
            for (var i = 0; i < pending.Count; i++)
            {
                var task = pending[i];
                if (TriggerRules.Decide(task.TriggerRule, task.Upstream.Select(u => states[u]).ToList()) is not { } decision)
                {
                    continue;
                }

                pending.RemoveAt(i--);
                states[task.Id] = decision;
                if (decision == TaskInstanceStatus.Running)
                {
                    var attemptsBefore = previous.TryGetValue(task.Id, out var before) ? before.Attempts : 0;
                    running.Add(RunTaskAsync(dag, task, run, attemptsBefore, cancellationToken), task.Id);
                }
                else
                {
                    _store.SetTaskStatus(run.RunId, task.Id, decision, _time.GetUtcNow());
                    _logger.TaskFinished(task.Id, run.RunId, StatusText.Of(decision));
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Keys);
            states[running[done]] = await done;
            running.Remove(done);
        }

        return states;
    }

    /// <summary>Runs one task: takes its pool slot, then attempts it through Polly (retry outside, timeout per attempt).</summary>
    private async Task<TaskInstanceStatus> RunTaskAsync(Dag dag, DagTask task, DagRunRecord run, int attemptsBefore, CancellationToken cancellationToken)
    {
        var pool = task.Pool is null ? null : _pools[task.Pool];
        if (pool is not null)
        {
            await pool.WaitAsync(cancellationToken);
        }

        var attempt = attemptsBefore;
        try
        {
            await BuildPipeline(task, run, () => attempt).ExecuteAsync(async token =>
            {
                attempt++;
                await RunAttemptAsync(dag, task, run, attempt, token, cancellationToken);
            }, cancellationToken);
            _store.SetTaskStatus(run.RunId, task.Id, TaskInstanceStatus.Success, _time.GetUtcNow());
            _logger.TaskFinished(task.Id, run.RunId, StatusText.Of(TaskInstanceStatus.Success));
            return TaskInstanceStatus.Success;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _store.SetTaskStatus(run.RunId, task.Id, TaskInstanceStatus.Failed, _time.GetUtcNow(), Describe(ex, task));
            _logger.TaskFailed(task.Id, run.RunId, attempt - attemptsBefore, ex);
            await _alerts.RaiseAsync(new Alert(AlertKind.TaskFailed, $"task_failed:{run.RunId}:{task.Id}:{attempt}",
                $"Task {dag.Id}.{task.Id} failed after {attempt - attemptsBefore} attempt(s): {Describe(ex, task)}",
                dag.Id, run.RunId, task.Id, run.LogicalDate), cancellationToken);
            return TaskInstanceStatus.Failed;
        }
        catch (OperationCanceledException)
        {
            _store.SetTaskStatus(run.RunId, task.Id, TaskInstanceStatus.Failed, _time.GetUtcNow(), "cancelled");
            throw;
        }
        finally
        {
            pool?.Release();
        }
    }

    private async Task RunAttemptAsync(Dag dag, DagTask task, DagRunRecord run, int attempt, CancellationToken attemptToken,
        CancellationToken runToken)
    {
        var log = new TaskLogCapture(_loggerFactory.CreateLogger("Cartwheel.Dag." + dag.Id + "." + task.Id));
        _store.StartAttempt(run.RunId, task.Id, attempt, _time.GetUtcNow());
        try
        {
            await task.Action(new TaskContext(dag.Id, task.Id, run.RunId, run.LogicalDate, attempt, log, _time, attemptToken));
            _store.FinishAttempt(run.RunId, task.Id, attempt, _time.GetUtcNow(), null, log.Excerpt);
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException && attemptToken.IsCancellationRequested && !runToken.IsCancellationRequested
                ? $"timed out after {task.Timeout}"
                : Describe(ex, task);
            log.Add("[Error] " + error);
            _store.FinishAttempt(run.RunId, task.Id, attempt, _time.GetUtcNow(), error, log.Excerpt);
            throw;
        }
    }

    private ResiliencePipeline BuildPipeline(DagTask task, DagRunRecord run, Func<int> currentAttempt)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (task.Retry.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = task.Retry.Retries,
                Delay = task.Retry.Delay,
                MaxDelay = task.Retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = task.Retry.Jitter,
                OnRetry = args =>
                {
                    _store.ScheduleRetry(run.RunId, task.Id, currentAttempt(), args.RetryDelay);
                    _logger.TaskRetrying(task.Id, run.RunId, currentAttempt(), args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            });
        }

        if (task.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }

    private static string Describe(Exception ex, DagTask task) => ex switch
    {
        TimeoutRejectedException => $"timed out after {task.Timeout}",
        CartwheelException c => $"[{c.Code}] {c.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
