using Microsoft.Extensions.Time.Testing;

namespace Cartwheel.Tests.Orchestration;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows its pending timers, so a test can drive an operation by jumping the
/// clock to each next due timer (Polly's backoff delays, timeouts) instead of sleeping.
/// </summary>
internal sealed class SteppingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<TrackedTimer> _timers = [];
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>Every time the clock was moved forward by <see cref="DriveAsync{T}"/>.</summary>
    public List<TimeSpan> Steps { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(s =>
        {
            tracked.Due = null;
            callback(s);
        }, state, dueTime, period);
        tracked.Set(dueTime);
        return tracked;
    }

    /// <summary>Waits for <paramref name="operation"/>, advancing the clock to the earliest pending timer whenever there is one.</summary>
    public async Task<T> DriveAsync<T>(Task<T> operation, CancellationToken cancellationToken)
    {
        while (!operation.IsCompleted)
        {
            DateTimeOffset? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is not null).Min(t => t.Due);
            }

            if (next is { } due)
            {
                var step = due - GetUtcNow();
                Steps.Add(step);
                Advance(step);
                continue;
            }

            await Task.WhenAny(operation, _changed.WaitAsync(cancellationToken));
        }

        return await operation;
    }

    private sealed class TrackedTimer(SteppingClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = Inner.Change(dueTime, period);
            Set(dueTime);
            return changed;
        }

        public void Set(TimeSpan dueTime)
        {
            lock (clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }
            }

            clock._changed.Release();
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
