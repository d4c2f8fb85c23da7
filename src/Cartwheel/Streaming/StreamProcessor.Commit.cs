using Cartwheel.Catalog;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    /// <summary>
    /// Writes the batch's bronze and quarantine files, applies its accepted records to the real-time store,
    /// checks the accounting and commits everything with the new positions and the store's checkpoint in one
    /// catalog transaction. On failure the files are removed and the store goes back to the last checkpoint.
    /// </summary>
    private MicroBatchResult Commit(BatchWork work, long started, CancellationToken cancellationToken)
    {
        var kinds = work.Kinds.ToList();
        long onTime, late;
        List<BronzeFile> files;
        StreamBatchRecord batch;
        try
        {
            var now = _time.GetUtcNow();
            files = work.PublishBronze(now, cancellationToken);
            foreach (var (_, kind) in kinds)
            {
                kind.QuarantinePath = kind.Quarantine.Publish();
            }

            Stage(StreamStage.BronzeWritten);
            (onTime, late) = _aggregator.Apply(work.Items);
            var quarantined = kinds.Sum(k => k.Work.Quarantine.Total);
            var duplicates = kinds.Sum(k => k.Work.Duplicates);
            _aggregator.CountRejected(quarantined, duplicates);
            var accounting = kinds.Select(k => new BatchAccounting(work.BatchId, "stream", k.Kind, string.Empty, _options.Source, null,
                k.Work.Received, k.Work.Rows.Count, k.Work.Quarantine.Total, k.Work.Duplicates)).ToList();
            batch = new StreamBatchRecord(work.BatchId, _options.Source, accounting.Sum(a => a.Received), accounting.Sum(a => a.Accepted),
                quarantined, duplicates, onTime, late, Watermark(), now);
            if (!batch.Balances || accounting.Any(a => !a.Balances))
            {
                _logger.StreamAccountingMismatch(batch.BatchId, batch.Received, batch.Accepted, batch.Quarantined, batch.Duplicates, batch.OnTime, batch.Late);
                Metrics.AccountingMismatch();
                throw new CartwheelException(ErrorCodes.AccountingMismatch, $"Stream batch {batch.BatchId} does not balance.");
            }

            var quarantine = kinds.SelectMany(k => k.Work.Quarantine.Counts.Select(c =>
                new QuarantineCount(work.BatchId, "stream", k.Kind, string.Empty, c.Key, c.Value, k.Work.QuarantinePath!))).ToList();
            var positions = work.Positions.Select((offset, p) => new SourcePosition(_options.Source, p, offset)).ToList();
            var checkpoint = CheckpointPart();
            _catalog.CommitStreamBatch(new StreamCommit(files, accounting, quarantine, positions, batch, checkpoint));
            Checkpointed(checkpoint);
        }
        catch (Exception ex) when (!_crashed)
        {
            _logger.StreamBatchFailed(ex);
            work.Abort();
            RestoreCheckpoint();
            throw;
        }

        _positions = work.Positions;
        foreach (var (key, time) in work.NewKeys)
        {
            _dedup.Add(key, time);
        }

        _logger.StreamBatchCommitted(batch.BatchId, batch.Received, batch.Accepted, batch.Quarantined, batch.Duplicates, batch.Late);
        var reasons = kinds.SelectMany(k => k.Work.Quarantine.Counts).GroupBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        return new MicroBatchResult(work.BatchId, batch.Received, batch.Accepted, batch.Quarantined, batch.Duplicates, onTime, late,
            reasons, files.Select(f => f.Path).ToList(), batch.Watermark, _time.GetElapsedTime(started));
    }

    private DateTimeOffset? Watermark() =>
        RealtimeAggregator.Newest(_store) is { } newest ? DateTimeOffset.FromUnixTimeMilliseconds(newest) - _options.AllowedLateness : null;
}
