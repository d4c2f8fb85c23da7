using System.Text;
using System.Text.Unicode;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Lake;
using Cartwheel.Log;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    /// <summary>The quarantine reason of a log record whose kind is not one Cartwheel knows (stage stream).</summary>
    public const string UnknownKindReason = "unknown_kind";

    private readonly Dictionary<EntityKind, JsonRecordParser> _parsers = [];
    private string[] _sources = [];

    /// <summary>Reads up to <see cref="StreamOptions.MaxBatchRecords"/> records over all partitions and processes them as one micro-batch.</summary>
    public async ValueTask<MicroBatchResult> ProcessBatchAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        Start();
        var records = new List<LogRecord>();
        for (var p = 0; p < _positions.Length && records.Count < _options.MaxBatchRecords; p++)
        {
            records.AddRange(await _log.ReadAsync(p, _positions[p], _options.MaxBatchRecords - records.Count, cancellationToken));
        }

        if (records.Count == 0)
        {
            Metrics.SetLogLag(0);
            return MicroBatchResult.Empty(Watermark(), _time.GetElapsedTime(started));
        }

        using var work = new BatchWork(_data, CatalogStore.NewId("stream"), _positions);
        foreach (var record in records)
        {
            Validate(record, work);
        }

        var before = _positions;
        var result = Commit(work, started, cancellationToken);
        Stage(StreamStage.Committed);
        // All at once: the embedded log's writer then drops them in one group commit (one fsync), not one per partition.
        var truncations = new List<Task>();
        for (var p = 0; p < _positions.Length; p++)
        {
            if (_positions[p] > before[p])
            {
                truncations.Add(_log.TruncateAsync(p, _positions[p], cancellationToken).AsTask());
            }
        }

        await Task.WhenAll(truncations);

        Stage(StreamStage.Truncated);
        Metrics.SetLogLag(Enumerable.Range(0, _positions.Length).Sum(p => Math.Max(0, _log.EndOffset(p) - _positions[p])));
        var oldest = records.Min(r => r.AppendedAt);
        result = result with { Duration = _time.GetElapsedTime(started) };
        Metrics.Record(result, work.Kinds.ToDictionary(k => k.Kind, k => k.Work.Received, StringComparer.Ordinal), _time.GetUtcNow() - oldest);
        Metrics.SetDedupEvictions(_dedup.Evictions);
        Published?.Invoke(this, result);
        Stage(StreamStage.Published);
        return result;
    }

    /// <summary>Sorts one record into quarantine, duplicates or the accepted rows, exactly as file ingest validates a JSON line.</summary>
    private void Validate(LogRecord record, BatchWork work)
    {
        work.Positions[record.Partition] = Math.Max(work.Positions[record.Partition], record.Offset + 1);
        var known = EntityKinds.TryParse(record.Kind, out var kind);
        var kindWork = work.For(known ? kind.Name() : "unknown");
        kindWork.Kind ??= known ? kind : null;
        kindWork.Received++;
        var source = Source(record.Partition);
        var payload = record.Payload.Span;
        RecordOutcome outcome;
        Range? idRange = null;
        if (!known)
        {
            outcome = RecordOutcome.Reject(UnknownKindReason, $"unknown kind '{record.Kind}'");
        }
        else if (payload.Length > RecordSplitter.MaxRecordBytes)
        {
            outcome = RecordOutcome.Reject(QuarantineReasons.LineTooLong, $"the record is longer than {RecordSplitter.MaxRecordBytes} bytes; raw holds its first {RecordSplitter.KeptPrefixBytes} bytes");
            payload = payload[..RecordSplitter.KeptPrefixBytes];
        }
        else if (!Utf8.IsValid(payload))
        {
            outcome = RecordOutcome.Reject(QuarantineReasons.InvalidUtf8, "the payload is not valid UTF-8");
        }
        else
        {
            outcome = Parser(kind).Parse(payload, out idRange);
            if (outcome.Accepted && (outcome.EventTime < PlausibleFrom || outcome.EventTime > _time.GetUtcNow().UtcDateTime.AddDays(1)))
            {
                // Silver's plausibility rule, applied before the record can move the watermark or a window.
                outcome = RecordOutcome.Reject(QuarantineReasons.InvalidEventTime,
                    $"event time {outcome.EventTime:O} is before 2000 or more than a day in the future");
            }
        }

        if (!outcome.Accepted)
        {
            kindWork.Quarantine.Write(source, record.Offset, outcome.Reason!, outcome.Detail!, payload);
            return;
        }

        // The id as its bytes in the payload when it is an unescaped string or a number (no string made), else the parsed string.
        var id = idRange is { } range ? record.Payload[range] : outcome.RecordId is { } text ? Encoding.UTF8.GetBytes(text) : (ReadOnlyMemory<byte>?)null;
        var key = id is { } idBytes ? _keys.For(kind, idBytes.Span, payload) : (UInt128?)null;
        if (key is { } k && (work.NewKeys.ContainsKey(k) || (!_dedup.BeyondHorizon(outcome.EventTime) && _dedup.Contains(k))))
        {
            kindWork.Duplicates++;
            return;
        }

        if (key is { } newKey)
        {
            work.NewKeys[newKey] = outcome.EventTime;
        }

        kindWork.Rows.Add(new StreamRow(id, BronzeBatchWriter.ToMicros(outcome.EventTime), record.Payload, record.Offset, source));
        work.Items.Add(new StreamItem(kind, outcome.EventTime, record.Payload));
    }

    private string Source(int partition)
    {
        if (_sources.Length != _log.Partitions)
        {
            _sources = Enumerable.Range(0, _log.Partitions).Select(p => $"log:{p}").ToArray();
        }

        return _sources[partition];
    }

    private static readonly DateTime PlausibleFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private JsonRecordParser Parser(EntityKind kind)
    {
        if (!_parsers.TryGetValue(kind, out var parser))
        {
            parser = new JsonRecordParser(KindSpec.For(kind));
            _parsers[kind] = parser;
        }

        return parser;
    }
}
