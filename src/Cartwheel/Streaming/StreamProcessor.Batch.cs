using System.Text;
using System.Text.Unicode;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Ingest.Segment;
using Cartwheel.Lake;
using Cartwheel.Log;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    /// <summary>The quarantine reason of a log record whose kind is not one Cartwheel knows (stage stream).</summary>
    public const string UnknownKindReason = "unknown_kind";

    private readonly BatchBuffers _buffers = new();
    private string[] _sources = [];
    private Task _truncation = Task.CompletedTask;
    private long[] _truncatedTo = [];

    /// <summary>
    /// Processes one micro-batch: up to <see cref="StreamOptions.MaxBatchRecords"/> records over all partitions, read now
    /// or, with <see cref="StreamOptions.ReadAhead"/>, already read and checked while the previous batch was committed.
    /// </summary>
    public async ValueTask<MicroBatchResult> ProcessBatchAsync(CancellationToken cancellationToken = default)
    {
        Start();
        var taken = _time.GetTimestamp();
        var batch = await TakeAheadAsync(cancellationToken) ?? await ReadAsync(_positions, taken, cancellationToken);
        // The batch's duration runs from when it is taken (a read ahead began while the previous batch committed);
        // its read's start is what the lag's "caught up" needs.
        var started = Math.Max(batch.Started, taken);
        var records = batch.Records;
        if (records.Count == 0)
        {
            // Caught up: the last batch's truncation is done before the processor says so.
            await FinishTruncationAsync();
            CaughtUp(batch.Started);
            Metrics.SetLogLag(0);
            return MicroBatchResult.Empty(Watermark(), _time.GetElapsedTime(started));
        }

        if (_options.ReadAhead)
        {
            StartReadAhead(batch);
        }

        MicroBatchResult result;
        BatchWork? work = null;
        try
        {
            work = new BatchWork(_data, CatalogStore.NewId("stream"), _positions, _buffers);
            for (var i = 0; i < records.Count; i++)
            {
                Sort(records[i], batch.Checks[i], work);
            }

            result = Commit(work, started, cancellationToken);
        }
        catch
        {
            // Nothing of this batch is committed, so the next one starts where it did: what was read ahead is dropped.
            DiscardAhead();
            work?.Dispose();
            batch.Clear();
            throw;
        }

        if (batch.ReadToEnd)
        {
            CaughtUp(batch.Started);
        }

        using (work)
        {
            Stage(StreamStage.Committed);
            // The truncation runs behind the next batch (decision 65): waiting for the log writer's next group commit
            // was 12–23% of a batch's time at full rate. The previous one finished long ago (one is in flight at a time).
            await FinishTruncationAsync();
            _truncation = TruncateAsync(cancellationToken);
            Stage(StreamStage.Truncated);
            Metrics.SetLogLag(Enumerable.Range(0, _positions.Length).Sum(p => Math.Max(0, _log.EndOffset(p) - _positions[p])));
            var oldest = records.Min(r => r.AppendedAt);
            result = result with { Duration = _time.GetElapsedTime(started) };
            Metrics.Record(result, work.Kinds.ToDictionary(k => k.Kind, k => k.Work.Received, StringComparer.Ordinal), _time.GetUtcNow() - oldest);
            Metrics.SetDedupEvictions(_dedup.Evictions);
            batch.Clear();
            Published?.Invoke(this, result);
            Stage(StreamStage.Published);
            return result;
        }
    }

    /// <summary>
    /// Truncates the log below the committed positions, every partition not yet truncated that far, all at once (the
    /// embedded log's writer then drops them in one group commit). A failure only delays reclaiming space — the
    /// positions are committed, and a partition whose truncation failed is truncated again with the next batch — so it
    /// is logged, not thrown into a batch that has nothing to undo.
    /// </summary>
    private async Task TruncateAsync(CancellationToken cancellationToken)
    {
        var positions = _positions;
        if (_truncatedTo.Length != positions.Length)
        {
            _truncatedTo = new long[positions.Length];
        }

        var partitions = Enumerable.Range(0, positions.Length).Where(p => positions[p] > _truncatedTo[p]).ToList();
        try
        {
            await Task.WhenAll(partitions.Select(async p =>
            {
                await _log.TruncateAsync(p, positions[p], cancellationToken);
                _truncatedTo[p] = positions[p];
            }));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.StreamTruncationFailed(ex);
        }
    }

    /// <summary>Waits for the last batch's truncation (records below a truncation are never read again: the log may reuse their memory).</summary>
    private async Task FinishTruncationAsync()
    {
        var truncation = _truncation;
        _truncation = Task.CompletedTask;
        await truncation;
    }

    /// <summary>
    /// Checks every record of the batch from its bytes alone (validation, id, dedup key, click-event fields), on up to
    /// <see cref="StreamOptions.Parallelism"/> threads in contiguous ranges; each result lands at its record's index,
    /// so what follows sees them in log order whatever the parallelism.
    /// </summary>
    private CheckedRecord[] CheckAll(List<LogRecord> records, CheckedRecord[] reuse)
    {
        var checks = reuse.Length >= records.Count ? reuse : new CheckedRecord[records.Count];
        var latest = _time.GetUtcNow().UtcDateTime.AddDays(1);
        var parallelism = Math.Min(_options.Parallelism, (records.Count + MinRecordsPerThread - 1) / MinRecordsPerThread);
        if (parallelism <= 1)
        {
            for (var i = 0; i < records.Count; i++)
            {
                checks[i] = Check(records[i], latest);
            }

            return checks;
        }

        var chunk = Math.Max(MinRecordsPerThread / 4, records.Count / (parallelism * 4));
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, records.Count, chunk),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    checks[i] = Check(records[i], latest);
                }
            });
        return checks;
    }

    // Below this many records a thread costs more to start than it saves.
    private const int MinRecordsPerThread = 1024;

    /// <summary>Validates one record exactly as file ingest validates a JSON line; thread-safe (reads shared, immutable parsers).</summary>
    private CheckedRecord Check(LogRecord record, DateTime latest)
    {
        var known = EntityKinds.TryParse(record.Kind, out var kind);
        var payload = record.Payload;
        if (!known)
        {
            return new CheckedRecord(null, RecordOutcome.Reject(UnknownKindReason, $"unknown kind '{record.Kind}'"), payload, null, null, default);
        }

        if (payload.Length > RecordSplitter.MaxRecordBytes)
        {
            return new CheckedRecord(kind, RecordOutcome.Reject(QuarantineReasons.LineTooLong,
                $"the record is longer than {RecordSplitter.MaxRecordBytes} bytes; raw holds its first {RecordSplitter.KeptPrefixBytes} bytes"),
                payload[..RecordSplitter.KeptPrefixBytes], null, null, default);
        }

        if (!Utf8.IsValid(payload.Span))
        {
            return new CheckedRecord(kind, RecordOutcome.Reject(QuarantineReasons.InvalidUtf8, "the payload is not valid UTF-8"), payload, null, null, default);
        }

        // A click event's window fields are read in the same pass as its validation; or, when the collector logged what
        // it checked of the event it wrote, taken from there without parsing the payload again.
        var fields = default(RealtimeAggregator.EventFields);
        Range? idRange;
        var outcome = kind == EntityKind.Events && FromCollector(record, out idRange, out fields) is { } collected
            ? collected
            : kind == EntityKind.Events ? Parsers[(int)kind].Parse(payload.Span, out idRange, ref fields) : Parsers[(int)kind].Parse(payload.Span, out idRange);
        if (outcome.Accepted && (outcome.EventTime < PlausibleFrom || outcome.EventTime > latest))
        {
            // Silver's plausibility rule, applied before the record can move the watermark or a window.
            outcome = RecordOutcome.Reject(QuarantineReasons.InvalidEventTime,
                $"event time {outcome.EventTime:O} is before 2000 or more than a day in the future");
        }

        if (!outcome.Accepted)
        {
            return new CheckedRecord(kind, outcome, payload, null, null, default);
        }

        // The id as its bytes in the payload when it is an unescaped string or a number (no string made), else the parsed string.
        var id = idRange is { } range ? payload[range] : outcome.RecordId is { } text ? Encoding.UTF8.GetBytes(text) : (ReadOnlyMemory<byte>?)null;
        var key = id is { } idBytes ? _keys.For(kind, idBytes.Span, payload.Span) : (UInt128?)null;
        return new CheckedRecord(kind, outcome, payload, id, key, fields);
    }

    /// <summary>
    /// What <see cref="JsonRecordParser"/> derives from a click event's payload, read from the form the collector logged
    /// beside it (<see cref="CollectedCheck"/>); null when there is none or its event time does not parse (then the payload is parsed).
    /// </summary>
    internal static RecordOutcome? FromCollector(LogRecord record, out Range? idRange, out RealtimeAggregator.EventFields fields)
    {
        idRange = null;
        fields = default;
        var payload = record.Payload.Span;
        if (record.Checked.IsEmpty || !CollectedCheck.TryRead(record.Checked.Span, payload.Length, out var values)
            || values[ClickEventLayout.EventTime] is not { } time || !EventTime.TryParse(payload[time], out var eventTime))
        {
            return null;
        }

        idRange = values[ClickEventLayout.EventId];
        fields = new RealtimeAggregator.EventFields(
            CollectedCheck.Text(payload, values[ClickEventLayout.EventType]),
            CollectedCheck.Text(payload, values[ClickEventLayout.ProductId]),
            CollectedCheck.Text(payload, values[ClickEventLayout.SessionId]),
            CollectedCheck.Text(payload, values[ClickEventLayout.Device]),
            CollectedCheck.Text(payload, values[ClickEventLayout.Country]));
        return RecordOutcome.Accept(null, eventTime);
    }

    /// <summary>Sorts one checked record into quarantine, duplicates or the accepted rows; in log order (dedup and accounting depend on it).</summary>
    private void Sort(LogRecord record, in CheckedRecord check, BatchWork work)
    {
        work.Positions[record.Partition] = Math.Max(work.Positions[record.Partition], record.Offset + 1);
        var kindWork = work.For(check.Kind is { } known ? known.Name() : "unknown");
        kindWork.Kind ??= check.Kind;
        kindWork.Received++;
        var source = Source(record.Partition);
        var outcome = check.Outcome;
        if (!outcome.Accepted)
        {
            kindWork.Quarantine.Write(source, record.Offset, outcome.Reason!, outcome.Detail!, check.Kept.Span);
            return;
        }

        if (check.Key is { } k && (work.NewKeys.ContainsKey(k) || (!_dedup.BeyondHorizon(outcome.EventTime) && _dedup.Contains(k))))
        {
            kindWork.Duplicates++;
            return;
        }

        if (check.Key is { } newKey)
        {
            work.NewKeys[newKey] = outcome.EventTime;
        }

        var kind = check.Kind!.Value;
        kindWork.Rows.Add(new StreamRow(check.Id, BronzeBatchWriter.ToMicros(outcome.EventTime), record.Payload, record.Offset, source));
        work.Items.Add(new StreamItem(kind, outcome.EventTime, record.Payload, check.Fields));
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

    // One parser per kind, indexed by the enum value; parsers keep no state, so the checking threads share them.
    private static readonly JsonRecordParser[] Parsers =
        Enum.GetValues<EntityKind>().OrderBy(k => (int)k).Select(k => new JsonRecordParser(KindSpec.For(k))).ToArray();
}
