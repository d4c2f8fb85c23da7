using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The file thread of our Parquet writers: a bounded queue of jobs (sealed pages to compress, row-group ends) run in
/// order on one dedicated thread, started on first use, while the producer goes on parsing. The bound keeps memory
/// at a few pages. A failure stops the thread and is rethrown to the producer at its next post or stop.
/// </summary>
internal sealed class FileThread<TJob>(string name, int capacity, Action<TJob> run) : IDisposable
{
    private readonly BlockingCollection<TJob> _jobs = new(capacity);
    private readonly CancellationTokenSource _failed = new();
    private Thread? _thread;
    private Exception? _error;

    /// <summary>Queues a job; rethrows the thread's failure.</summary>
    public void Post(TJob job)
    {
        _thread ??= Start();
        try
        {
            _jobs.Add(job, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            ExceptionDispatchInfo.Throw(_error!);
        }
    }

    /// <summary>Waits for the queue to be done (no job can be posted afterwards); rethrows the thread's failure unless told not to.</summary>
    public void Stop(bool rethrow = true)
    {
        if (!_jobs.IsAddingCompleted)
        {
            _jobs.CompleteAdding();
        }

        _thread?.Join();
        _thread = null;
        if (rethrow && _error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }
    }

    public void Dispose()
    {
        Stop(rethrow: false);
        _jobs.Dispose();
        _failed.Dispose();
    }

    private Thread Start()
    {
        var thread = new Thread(() =>
        {
            try
            {
                foreach (var job in _jobs.GetConsumingEnumerable())
                {
                    run(job);
                }
            }
            catch (Exception ex)
            {
                _error = ex;
                _failed.Cancel();
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }
}
