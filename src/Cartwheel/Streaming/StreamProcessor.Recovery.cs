using System.Globalization;
using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using DuckDB.NET.Data;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    /// <summary>
    /// Takes <c>stream.lock</c>, removes the stream's orphans (bronze and quarantine files of a batch that never
    /// committed, its staging), loads the committed positions, restores the real-time store from the checkpoint
    /// and rebuilds the dedup index from the stream's bronze files within the horizon. Runs once, before the first batch.
    /// </summary>
    private void Start()
    {
        if (_crashed)
        {
            throw new InvalidOperationException("The stream processor crashed in a micro-batch; dispose it and start a new one.");
        }

        if (_lock is not null)
        {
            return;
        }

        _data.EnsureCreated();
        var path = Path.Combine(_data.Root, "stream.lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new CartwheelException(ErrorCodes.StreamBusy, $"Another stream processor runs on {_data.Root} (lock {path}).", ex);
        }

        var removed = new BronzeRecovery(_data, _catalog, "stream").Recover();
        var positions = new long[_log.Partitions];
        foreach (var position in _catalog.ListSourcePositions(_options.Source).Where(p => p.Partition < positions.Length))
        {
            positions[position.Partition] = position.NextOffset;
        }

        // A backlog left in the log ages from now: how long it has waited before this start is unknown.
        CaughtUp(_time.GetTimestamp());
        _positions = positions;

        RestoreCheckpoint();
        RebuildDedup();
        _logger.StreamStarted(_options.Source, _positions.Length, removed.Count, _dedup.Count);
    }

    /// <summary>Puts the store back to the last committed checkpoint (empty when none).</summary>
    private void RestoreCheckpoint()
    {
        var (parts, legacy) = _catalog.ReadStreamState(_options.Source);
        var start = legacy is null ? RealtimeStoreSnapshot.Empty : JsonSerializer.Deserialize(legacy, StreamJsonContext.Default.RealtimeStoreSnapshot)!;
        _store.Import(StateLogPart.Restore(start, parts.Select(p => p.State)));
        _changes.ClearChanges();
    }

    /// <summary>
    /// The dedup index is not checkpointed (it can be far larger than the aggregates): it is rebuilt from the
    /// committed bronze files the stream wrote for the dates the horizon can reach, with the same key function.
    /// Bronze holds exactly the accepted records, so the rebuilt index equals the one before the restart.
    /// </summary>
    private void RebuildDedup()
    {
        var files = _catalog.ListBronzeFiles().Where(f => f.BatchId.StartsWith(BronzeRecovery.StreamPrefix, StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            return;
        }

        var from = files.Max(f => f.Date).AddDays(-(int)Math.Ceiling(_options.DedupHorizon.TotalDays) - 1);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        foreach (var group in files.Where(f => f.Date >= from).GroupBy(f => f.Kind, StringComparer.Ordinal))
        {
            if (!EntityKinds.TryParse(group.Key, out var kind))
            {
                continue;
            }

            using var command = connection.CreateCommand();
            var list = string.Join(", ", group.Select(f => Warehouse.Warehouse.Literal(_data.Absolute(f.Path))));
            command.CommandText = $"SELECT record_id, epoch_ms(event_time), payload FROM read_parquet([{list}]) WHERE record_id IS NOT NULL ORDER BY event_time";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var time = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)).UtcDateTime;
                if (_keys.For(kind, reader.GetString(0), Encoding.UTF8.GetBytes(reader.GetString(2))) is { } key)
                {
                    _dedup.Add(key, time);
                }
            }
        }
    }
}
