using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Cartwheel.Streaming;

/// <summary>
/// The stream processor's metrics, twice: as plain counters (read by tests, the CLI and the dashboard) and as
/// System.Diagnostics.Metrics instruments on the meter <see cref="MeterName"/>, which the server exports to
/// Prometheus without the core library depending on a Prometheus package. Thread-safe.
/// </summary>
public sealed class StreamMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Cartwheel.Streaming";

    private readonly Meter _meter;
    private readonly Counter<long> _records;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _late;
    private readonly Histogram<double> _batchSeconds;
    private readonly Histogram<double> _latencySeconds;
    private readonly ConcurrentDictionary<string, long> _recordsByKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _quarantinedByReason = new(StringComparer.Ordinal);
    private long _duplicatesTotal;
    private long _lateTotal;
    private long _batches;
    private long _logLag;
    private long _mismatches;
    private long _dedupEvictions;

    public StreamMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _records = _meter.CreateCounter<long>("cartwheel_stream_records", "{record}", "Records received from the log, by kind");
        _quarantined = _meter.CreateCounter<long>("cartwheel_stream_quarantined", "{record}", "Records quarantined, by reason");
        _duplicates = _meter.CreateCounter<long>("cartwheel_stream_duplicates_dropped", "{record}", "Duplicates dropped");
        _late = _meter.CreateCounter<long>("cartwheel_stream_late_events", "{record}", "Records behind the watermark (not in windows)");
        _batchSeconds = _meter.CreateHistogram<double>("cartwheel_stream_batch_duration", "s", "Micro-batch duration");
        _latencySeconds = _meter.CreateHistogram<double>("cartwheel_stream_event_to_aggregate_latency", "s", "From the oldest record's append to its aggregates' publication, per batch");
        _meter.CreateObservableGauge("cartwheel_stream_log_lag", () => Interlocked.Read(ref _logLag), "{record}", "Records in the log not yet consumed");
        _meter.CreateObservableCounter("cartwheel_stream_accounting_mismatches", () => Interlocked.Read(ref _mismatches), "{batch}", "Micro-batches whose accounting did not balance");
    }

    public IReadOnlyDictionary<string, long> RecordsByKind => _recordsByKind;

    public IReadOnlyDictionary<string, long> QuarantinedByReason => _quarantinedByReason;

    public long DuplicatesDropped => Interlocked.Read(ref _duplicatesTotal);

    public long LateEvents => Interlocked.Read(ref _lateTotal);

    public long Batches => Interlocked.Read(ref _batches);

    public long LogLag => Interlocked.Read(ref _logLag);

    public long AccountingMismatches => Interlocked.Read(ref _mismatches);

    public long DedupEvictions => Interlocked.Read(ref _dedupEvictions);

    internal void Record(MicroBatchResult batch, IReadOnlyDictionary<string, long> receivedByKind, TimeSpan? latency)
    {
        foreach (var (kind, count) in receivedByKind)
        {
            _recordsByKind.AddOrUpdate(kind, count, (_, old) => old + count);
            _records.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }

        foreach (var (reason, count) in batch.QuarantinedByReason)
        {
            _quarantinedByReason.AddOrUpdate(reason, count, (_, old) => old + count);
            _quarantined.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }

        Interlocked.Add(ref _duplicatesTotal, batch.Duplicates);
        _duplicates.Add(batch.Duplicates);
        Interlocked.Add(ref _lateTotal, batch.Late);
        _late.Add(batch.Late);
        Interlocked.Increment(ref _batches);
        _batchSeconds.Record(batch.Duration.TotalSeconds);
        if (latency is { } l)
        {
            _latencySeconds.Record(l.TotalSeconds);
        }
    }

    internal void SetLogLag(long lag) => Interlocked.Exchange(ref _logLag, lag);

    internal void AccountingMismatch() => Interlocked.Increment(ref _mismatches);

    internal void SetDedupEvictions(long evictions) => Interlocked.Exchange(ref _dedupEvictions, evictions);

    public void Dispose() => _meter.Dispose();
}
