using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Unicode;
using Cartwheel.Lake.Parquet;
using C = Cartwheel.Lake.Parquet.BronzeParquetColumns;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// One parsing thread of <see cref="EventsPartitionScan"/>: reads, parses and checks units <c>index</c>,
/// <c>index + workers</c>, … of a partition, in order, into <see cref="EventsChunk"/>s that the writing thread takes
/// (<see cref="Take"/>) in read order and gives back (<see cref="Return"/>). It owns <see cref="Chunks"/> chunks, so it
/// runs at most that far ahead of the writer. A record the pass does not reproduce, or a file it does not read, ends
/// the worker with a chunk marked <see cref="EventsChunk.GaveUp"/>; a failure with one carrying the error.
/// </summary>
internal sealed class EventsScanWorker : IDisposable
{
    private const int Chunks = 3;

    private readonly BlockingCollection<EventsChunk> _free = [];
    private readonly BlockingCollection<EventsChunk> _ready = [];
    private readonly Thread _thread;

    public EventsScanWorker(int index, int workers, int chunkRows, IReadOnlyList<string> files, IReadOnlyList<EventsScanUnit> units, CancellationToken stop)
    {
        for (var i = 0; i < Chunks; i++)
        {
            _free.Add(new EventsChunk(chunkRows), CancellationToken.None);
        }

        _thread = new Thread(() => Run(index, workers, files, units, stop)) { IsBackground = true, Name = $"silver-events-parse-{index}" };
        _thread.Start();
    }

    /// <summary>The worker's next chunk, in its read order (waits for it to be parsed).</summary>
    public EventsChunk Take(CancellationToken cancellationToken) => _ready.Take(cancellationToken);

    /// <summary>Gives a written chunk back for reuse.</summary>
    public void Return(EventsChunk chunk)
    {
        chunk.Reset();
        _free.Add(chunk, CancellationToken.None);
    }

    /// <summary>Waits for the thread to end: call once the stop token is cancelled or every unit is taken.</summary>
    public void Dispose()
    {
        _thread.Join();
        _free.Dispose();
        _ready.Dispose();
    }

    private void Run(int index, int workers, IReadOnlyList<string> files, IReadOnlyList<EventsScanUnit> units, CancellationToken stop)
    {
        EventsChunk? chunk = null;
        try
        {
            using var zstd = new ZstdDecompressor();
            var parser = new EventPayloadParser();
            BronzeFileReader? reader = null;
            try
            {
                var (file, rowGroup) = (-1, -1);
                ColumnValues payload = null!, raw = null!, sourceFile = null!, line = null!, ingested = null!;
                byte[]? source = null;
                for (var u = index; u < units.Count; u += workers)
                {
                    var unit = units[u];
                    if (unit.File != file)
                    {
                        reader?.Dispose();
                        reader = BronzeFileReader.Open(files[unit.File], zstd);
                        (file, rowGroup) = (unit.File, -1);
                    }

                    if (unit.RowGroup != rowGroup)
                    {
                        stop.ThrowIfCancellationRequested();
                        reader!.Release();
                        (payload, raw, sourceFile) = (reader.ReadColumn(unit.RowGroup, C.Payload), reader.ReadColumn(unit.RowGroup, C.Raw), reader.ReadColumn(unit.RowGroup, C.SourceFile));
                        (line, ingested) = (reader.ReadColumn(unit.RowGroup, C.LineNumber), reader.ReadColumn(unit.RowGroup, C.IngestionTime));
                        rowGroup = unit.RowGroup;
                    }

                    chunk = _free.Take(stop);
                    for (var r = unit.Start; r < unit.End; r++)
                    {
                        if (chunk.IsFull)
                        {
                            _ready.Add(chunk, CancellationToken.None);
                            chunk = _free.Take(stop);
                        }

                        if (payload.Nulls[r] || sourceFile.Nulls[r] || line.Nulls[r] || ingested.Nulls[r])
                        {
                            GiveUp(ref chunk);
                            return;
                        }

                        chunk.Received++;
                        var text = payload.Bytes(r);
                        var outcome = parser.Parse(text, ingested.Int64[r]);
                        // Text columns are copied as bytes: DuckDB would not read invalid UTF-8 back.
                        if (outcome == EventParse.Unusual || !Utf8.IsValid(text) || !(raw.Nulls[r] || Utf8.IsValid(raw.Bytes(r))))
                        {
                            GiveUp(ref chunk);
                            return;
                        }

                        if (source is null || !source.AsSpan().SequenceEqual(sourceFile.Bytes(r)))
                        {
                            source = sourceFile.Bytes(r).ToArray();
                        }

                        if (outcome == EventParse.Rejected)
                        {
                            chunk.Rejected.Add(new RejectedEvent(Encoding.UTF8.GetString(source), line.Int64[r], parser.Reason!, parser.Detail!,
                                Encoding.UTF8.GetString(raw.Nulls[r] ? text : raw.Bytes(r))));
                            continue;
                        }

                        chunk.Add(parser, text, ingested.Int64[r], source, line.Int64[r]);
                    }

                    chunk.EndsUnit = true;
                    _ready.Add(chunk, CancellationToken.None);
                    chunk = null;
                }
            }
            finally
            {
                reader?.Dispose();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The scan is over (given up, failed or cancelled): nobody takes chunks any more.
        }
        catch (InvalidDataException)
        {
            // Not a file of our writer, or pages it does not write: DuckDB reads the partition.
            GiveUp(ref chunk);
        }
        catch (Exception ex)
        {
            chunk ??= new EventsChunk(1);
            chunk.Error = ExceptionDispatchInfo.Capture(ex);
            _ready.Add(chunk, CancellationToken.None);
        }
    }

    private void GiveUp(ref EventsChunk? chunk)
    {
        chunk ??= new EventsChunk(1);
        chunk.GaveUp = true;
        _ready.Add(chunk, CancellationToken.None);
        chunk = null;
    }
}
