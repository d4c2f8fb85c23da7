using System.Diagnostics.Metrics;
using Cartwheel.Streaming;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Cartwheel.Server.Metrics;

/// <summary>
/// Bridges this host's <see cref="StreamMetrics.MeterName"/> meter (created by the host's <see cref="IMeterFactory"/>,
/// so parallel hosts in one process never mix) to prometheus-net metrics in the host's own
/// <see cref="CollectorRegistry"/>, under stable Prometheus names; also remembers the last batch's latency for the
/// pipeline-health numbers of the API. Listening starts when the bridge is created.
/// </summary>
internal sealed class StreamMeterBridge : IDisposable
{
    private static readonly double[] BatchBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] LatencyBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly Counter _records;
    private readonly Counter _quarantined;
    private readonly Counter _duplicates;
    private readonly Counter _late;
    private readonly Counter _mismatches;
    private readonly Histogram _batchSeconds;
    private readonly Histogram _latencySeconds;
    private readonly Gauge _logLag;
    private readonly string _source;
    private double _lastLatencySeconds = double.NaN;

    public StreamMeterBridge(CollectorRegistry registry, IMeterFactory meterFactory, IOptions<StreamOptions> options)
    {
        _source = options.Value.Source;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _records = factory.CreateCounter("cartwheel_stream_events_ingested_total", "Records the stream processor read from the log, by source and kind.", "source", "kind");
        _quarantined = factory.CreateCounter("cartwheel_stream_quarantined_total", "Records quarantined by the stream processor, by reason.", "reason");
        _duplicates = factory.CreateCounter("cartwheel_stream_duplicates_dropped_total", "Duplicate records dropped (same event id or version).");
        _late = factory.CreateCounter("cartwheel_stream_late_events_total", "Records behind the watermark: in bronze, not in real-time windows.");
        _mismatches = factory.CreateCounter("cartwheel_stream_accounting_mismatches_total", "Micro-batches whose accounting did not balance.");
        _batchSeconds = factory.CreateHistogram("cartwheel_stream_batch_duration_seconds", "Micro-batch duration.", new HistogramConfiguration { Buckets = BatchBuckets });
        _latencySeconds = factory.CreateHistogram("cartwheel_stream_event_to_aggregate_latency_seconds",
            "Per micro-batch: from the oldest record's append to the log to its aggregates' publication.", new HistogramConfiguration { Buckets = LatencyBuckets });
        _logLag = factory.CreateGauge("cartwheel_stream_log_lag", "Records in the event log not yet consumed by the stream processor.");
        registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnLong(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => OnDouble(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>The event→aggregate latency of the last published batch, null before the first.</summary>
    public TimeSpan? LastLatency
    {
        get
        {
            var seconds = Volatile.Read(ref _lastLatencySeconds);
            return double.IsNaN(seconds) ? null : TimeSpan.FromSeconds(seconds);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnLong(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument)
        {
            case "cartwheel_stream_records":
                _records.WithLabels(_source, Tag(tags, "kind")).Inc(value);
                break;
            case "cartwheel_stream_quarantined":
                _quarantined.WithLabels(Tag(tags, "reason")).Inc(value);
                break;
            case "cartwheel_stream_duplicates_dropped":
                _duplicates.Inc(value);
                break;
            case "cartwheel_stream_late_events":
                _late.Inc(value);
                break;
            case "cartwheel_stream_log_lag":
                _logLag.Set(value);
                break;
            case "cartwheel_stream_accounting_mismatches":
                _mismatches.IncTo(value);
                break;
        }
    }

    private void OnDouble(string instrument, double value)
    {
        if (instrument == "cartwheel_stream_batch_duration")
        {
            _batchSeconds.Observe(value);
        }
        else if (instrument == "cartwheel_stream_event_to_aggregate_latency")
        {
            _latencySeconds.Observe(value);
            Volatile.Write(ref _lastLatencySeconds, value);
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? "";
            }
        }

        return "";
    }
}
