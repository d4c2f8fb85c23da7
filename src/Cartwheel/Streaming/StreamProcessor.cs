using Cartwheel.Catalog;
using Cartwheel.Log;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartwheel.Streaming;

/// <summary>
/// Consumes every partition of an <see cref="IEventLog"/> in micro-batches: validate (ingest's parsers) →
/// quarantine → dedup → bronze Parquet → one catalog transaction (bronze files, accounting, positions,
/// real-time checkpoint) → truncate the log → publish. Restartable at any point: a new processor resumes
/// from the committed positions and checkpoint, so every acknowledged record reaches bronze exactly once
/// (docs/streaming.md). One processor per data directory (<c>stream.lock</c>); DuckDB work is synchronous.
/// </summary>
public sealed partial class StreamProcessor : IDisposable
{
    private readonly DataDirectory _data;
    private readonly CatalogStore _catalog;
    private readonly IEventLog _log;
    private readonly IRealtimeStore _store;
    private readonly StreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChangeTrackingStore _changes;
    private readonly RealtimeAggregator _aggregator;
    private readonly DedupKey _keys = new();
    private readonly DedupIndex _dedup;
    private long[] _positions = [];
    private FileStream? _lock;
    private readonly bool _ownsMetrics;
    private bool _crashed;
    private bool _disposed;

    public StreamProcessor(
        DataDirectory dataDirectory,
        CatalogStore catalog,
        IEventLog log,
        IRealtimeStore store,
        StreamOptions? options = null,
        TimeProvider? timeProvider = null,
        StreamMetrics? metrics = null,
        ILogger<StreamProcessor>? logger = null)
    {
        _data = dataDirectory;
        _catalog = catalog;
        _log = log;
        _store = store;
        _options = (options ?? new StreamOptions()).Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<StreamProcessor>.Instance;
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new StreamMetrics();
        Queries = new RealtimeQueries(store, _options);
        _changes = new ChangeTrackingStore(store);
        _aggregator = new RealtimeAggregator(_changes, _options);
        _dedup = new DedupIndex(_options.DedupHorizon, _options.MaxDedupKeys);
    }

    /// <summary>Raised after each non-empty micro-batch is committed and published (e.g. to push to dashboards).</summary>
    public event EventHandler<MicroBatchResult>? Published;

    public StreamMetrics Metrics { get; }

    /// <summary>The real-time queries over this processor's store.</summary>
    public RealtimeQueries Queries { get; }

    /// <summary>The next offset to consume per partition (committed), once started.</summary>
    public IReadOnlyList<long> Positions => _positions;

    /// <summary>The keys in the dedup index.</summary>
    internal long DedupKeys => _dedup.Count;

    /// <summary>
    /// Runs after each stage of a micro-batch. An exception thrown here is treated as a crash at that point:
    /// nothing is cleaned up and the processor refuses further work; dispose it and start a new one.
    /// </summary>
    internal Action<StreamStage>? StageHook { get; set; }

    /// <summary>Processes micro-batches until cancelled: one at least every <see cref="StreamOptions.BatchInterval"/>, back to back while full.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var started = _time.GetTimestamp();
                var batch = await ProcessBatchAsync(cancellationToken);
                var wait = _options.BatchInterval - _time.GetElapsedTime(started);
                if (batch.Received < _options.MaxBatchRecords && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping between batches is normal; a batch cut short left nothing committed.
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        lock (_aheadLock)
        {
            // No read-ahead starts after this (StartReadAhead checks it under the same lock).
            _disposed = true;
        }

        // Cancelled, not disposed: a batch still running on another thread may link to its token.
        _stopping.Cancel();
        DiscardAhead();
        _lock?.Dispose();
        _lock = null;
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }

    private void Stage(StreamStage stage)
    {
        try
        {
            StageHook?.Invoke(stage);
        }
        catch
        {
            _crashed = true;
            throw;
        }
    }
}
