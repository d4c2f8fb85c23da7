using System.Threading.Channels;
using Cartwheel.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartwheel.Log;

/// <summary>
/// The embedded <see cref="IEventLog"/>: tables <c>event_log</c> and <c>event_log_partitions</c> in the catalog's
/// SQLite file (WAL, <c>synchronous=FULL</c>). Appends are queued and written by one writer, many callers per
/// transaction (group commit); each caller's task completes only after its transaction committed.
/// </summary>
public sealed partial class SqliteEventLog : IEventLog
{
    private readonly CatalogStore _catalog;
    private readonly EventLogOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<LogWork> _queue = Channel.CreateUnbounded<LogWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _admission = new();
    private readonly long[] _endOffsets;
    private readonly long[] _startOffsets;
    private byte[] _chunk = [];
    // Free chunk arrays for the tail, up to a quarter of its budget (decision 65).
    private readonly ChunkPool _chunkPool;
    private long _retainedRecords;
    private long _retainedBytes;
    private long _pendingRecords;
    private long _pendingBytes;
    private bool _disposed;
    private Task _writer = Task.CompletedTask;
    private LogTail _tail = null!;

    private SqliteEventLog(CatalogStore catalog, EventLogOptions options, ILogger logger)
    {
        _catalog = catalog;
        _options = options;
        _logger = logger;
        _endOffsets = new long[options.Partitions];
        _startOffsets = new long[options.Partitions];
        _chunkPool = new ChunkPool(options.TailBytes / 4);
    }

    /// <inheritdoc />
    public int Partitions => _options.Partitions;

    /// <summary>True until the log is disposed.</summary>
    public bool IsOpen => !Volatile.Read(ref _disposed);

    /// <summary>Un-truncated records (committed) plus records waiting for their commit.</summary>
    public long RetainedRecords
    {
        get
        {
            lock (_admission)
            {
                return _retainedRecords + _pendingRecords;
            }
        }
    }

    /// <summary>Opens (and creates) the log in the catalog of a data directory and starts its writer.</summary>
    public static SqliteEventLog Open(DataDirectory dataDirectory, EventLogOptions? options = null, ILogger? logger = null)
    {
        options ??= new EventLogOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, string.Join(" ", errors));
        }

        var log = new SqliteEventLog(CatalogStore.Open(dataDirectory), options, logger ?? NullLogger.Instance);
        log.StartWriter();
        return log;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<(int Partition, long Offset)>> AppendAsync(IReadOnlyList<LogAppend> records, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return [];
        }

        long bytes = 0;
        foreach (var record in records)
        {
            bytes += record.Payload.Length;
        }

        Admit(records.Count, bytes);
        var work = new LogWork(records, bytes, cancellationToken);
        if (!_queue.Writer.TryWrite(work))
        {
            Release(records.Count, bytes);
            throw new ObjectDisposedException(nameof(SqliteEventLog));
        }

        return await work.Appended.Task;
    }

    /// <inheritdoc />
    public long EndOffset(int partition)
    {
        CheckPartition(partition);
        return Volatile.Read(ref _endOffsets[partition]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_admission)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Drains: every append queued before this point is still committed and acknowledged.
        _queue.Writer.TryComplete();
        await _writer;
        _catalog.ReleaseConnections();
    }

    private void Admit(int records, long bytes)
    {
        lock (_admission)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_retainedRecords + _pendingRecords + records > _options.MaxRetainedRecords
                || _retainedBytes + _pendingBytes + bytes > _options.MaxRetainedBytes)
            {
                _logger.EventLogFull(_retainedRecords + _pendingRecords, _retainedBytes + _pendingBytes);
                throw new LogFullException(_options.RetryAfter);
            }

            _pendingRecords += records;
            _pendingBytes += bytes;
        }
    }

    private void Release(long records, long bytes)
    {
        lock (_admission)
        {
            _pendingRecords -= records;
            _pendingBytes -= bytes;
        }
    }

    private void CheckPartition(int partition) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)partition, (uint)_options.Partitions, nameof(partition));
}
