using System.Buffers;
using System.Text;
using Cartwheel.Simulation.Formats;

namespace Cartwheel.Simulation;

/// <summary>
/// One output file. Records are queued by their arrival time and written once no later record can arrive
/// before them, so the file is in arrival order. Injection happens here: a record is either replaced by a corrupt
/// line (never duplicated) or written clean, and then possibly written a second time a little later.
/// </summary>
internal sealed class OutputFile<T> : IDisposable
{
    private readonly RecordFormat<T> _format;
    private readonly Stream _stream;
    private readonly Random _inject;
    private readonly double _corruptRate;
    private readonly double _duplicateRate;
    private readonly Action<T, byte[]>? _onClean;
    private readonly Action<T>? _onDuplicate;
    private readonly PriorityQueue<Pending, (long Ticks, long Sequence)> _queue = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly SortedDictionary<string, long> _reasons = new(StringComparer.Ordinal);
    private long _sequence;
    private long _records;
    private long _duplicates;
    private long _late;
    private long _corrupt;

    public OutputFile(RecordFormat<T> format, Stream stream, int seed, double corruptRate, double duplicateRate,
        Action<T, byte[]>? onClean = null, Action<T>? onDuplicate = null)
    {
        _format = format;
        _stream = stream;
        _inject = new Random(seed);
        _corruptRate = corruptRate;
        _duplicateRate = duplicateRate;
        _onClean = onClean;
        _onDuplicate = onDuplicate;
        if (format.Header is { } header)
        {
            _stream.Write(Encoding.UTF8.GetBytes(header + "\n"));
        }
    }

    /// <summary>Queues a record that arrives at <paramref name="arrival"/>.</summary>
    public void Add(T record, DateTimeOffset arrival, bool late = false)
    {
        var corrupt = _inject.NextDouble() < _corruptRate;
        var duplicate = _inject.NextDouble() < _duplicateRate;
        if (corrupt)
        {
            var kind = _format.Corruptions[_inject.Next(_format.Corruptions.Count)];
            Enqueue(new Pending(record, kind, _inject.NextDouble(), false, false), arrival.UtcTicks);
            return;
        }

        Enqueue(new Pending(record, null, 0, late, false), arrival.UtcTicks);
        if (duplicate)
        {
            // The copy comes a second to ten minutes later, like a client retry.
            Enqueue(new Pending(record, null, 0, false, true), arrival.AddMilliseconds(_inject.Next(1_000, 600_000)).UtcTicks);
        }
    }

    /// <summary>Writes every queued line that arrives before <paramref name="watermark"/>.</summary>
    public void FlushBefore(DateTimeOffset watermark)
    {
        var limit = watermark.UtcTicks;
        while (_queue.TryPeek(out _, out var priority) && priority.Ticks < limit)
        {
            Write(_queue.Dequeue());
        }
    }

    /// <summary>Writes every queued line.</summary>
    public void FlushAll()
    {
        while (_queue.Count > 0)
        {
            Write(_queue.Dequeue());
        }

        _stream.Flush();
    }

    public FileManifest Manifest() => new(_format.FileName, _records + _duplicates + _corrupt, _records, _duplicates, _late, _corrupt,
        new SortedDictionary<string, long>(_reasons, StringComparer.Ordinal));

    public void Dispose()
    {
        _format.Dispose();
        _stream.Dispose();
    }

    private void Enqueue(Pending pending, long ticks) => _queue.Enqueue(pending, (ticks, _sequence++));

    private void Write(Pending pending)
    {
        if (pending.Corruption is { } kind)
        {
            _stream.Write(Encoding.UTF8.GetBytes(_format.CorruptLine(pending.Record, kind, pending.Choice) + "\n"));
            _corrupt++;
            var reason = kind.Reason();
            _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
            return;
        }

        _buffer.ResetWrittenCount();
        _format.WriteLine(pending.Record, _buffer);
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _stream.Write(_buffer.WrittenSpan);
        if (pending.IsCopy)
        {
            _duplicates++;
            _onDuplicate?.Invoke(pending.Record);
            return;
        }

        _records++;
        if (pending.Late)
        {
            _late++;
        }

        _onClean?.Invoke(pending.Record, _buffer.WrittenSpan[..^1].ToArray());
    }

    private readonly record struct Pending(T Record, CorruptionKind? Corruption, double Choice, bool Late, bool IsCopy);
}
