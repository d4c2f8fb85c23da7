namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// Silver events of one partition in one pass over its bronze files: each record is parsed and checked
/// (<see cref="EventPayloadParser"/>), rejected ones are collected for quarantine, and the first copy of each
/// event_id by (ingestion_time, source_file, line_number) — events.sql's dedup rule — is written
/// (<see cref="SilverEventsWriter"/>). Files are read in commit order and a copy is written when its key is first
/// seen, which is the rule's winner whenever no later-read copy comes before it; when one does (interleaved
/// sources), or a record or file is not one this pass reproduces with certainty, the scan gives up (null) and the
/// partition is built by DuckDB. The parsing is spread over <see cref="EventsScanWorker"/>s (decision 34): units of
/// rows dealt round-robin, each worker's chunks taken back in read order by this thread, which alone deduplicates and
/// writes, so the result is the same file whatever the number of workers.
/// </summary>
internal static class EventsPartitionScan
{
    public static EventsPartitionResult? Run(DateOnly date, IReadOnlyList<string> bronzeFiles, string stagedFile, EventsScanOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = Scan(date, bronzeFiles, stagedFile, options, cancellationToken);
            if (result is null)
            {
                File.Delete(stagedFile);
            }

            return result;
        }
        catch
        {
            File.Delete(stagedFile);
            throw;
        }
    }

    private static EventsPartitionResult? Scan(DateOnly date, IReadOnlyList<string> bronzeFiles, string stagedFile, EventsScanOptions options,
        CancellationToken cancellationToken)
    {
        List<EventsScanUnit> units;
        long rows;
        int workers;
        try
        {
            units = EventsScanUnit.Split(bronzeFiles, options, out rows, out workers);
        }
        catch (InvalidDataException)
        {
            // Not a file of our writer: DuckDB reads it.
            return null;
        }

        // Sized for every row up front: a growing table rehashes on the serial thread.
        var winners = new EventKeyTable(rows);
        var sources = new List<byte[]>();
        var rejected = new List<RejectedEvent>();
        long received = 0, valid = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parsers = new List<EventsScanWorker>();
        try
        {
            using var writer = new SilverEventsWriter(stagedFile);
            // A chunk holds rows of one unit: a small partition's chunks need not be allocated at full size.
            var chunkRows = Math.Min(options.ChunkRows, units.Count == 0 ? 1 : units.Max(u => u.End - u.Start));
            for (var w = 0; w < workers; w++)
            {
                parsers.Add(new EventsScanWorker(w, workers, chunkRows, bronzeFiles, units, stop.Token));
            }

            byte[]? lastSource = null;
            var source = -1;
            for (var u = 0; u < units.Count; u++)
            {
                var parser = parsers[u % workers];
                bool endsUnit;
                do
                {
                    var chunk = parser.Take(cancellationToken);
                    chunk.Error?.Throw();
                    if (chunk.GaveUp)
                    {
                        return null;
                    }

                    received += chunk.Received;
                    rejected.AddRange(chunk.Rejected);
                    valid += chunk.Count;
                    // Records are written in runs between duplicates.
                    var run = 0;
                    for (var r = 0; r < chunk.Count; r++)
                    {
                        if (!ReferenceEquals(chunk.SourceFiles[r], lastSource))
                        {
                            lastSource = chunk.SourceFiles[r];
                            source = SourceIndex(sources, lastSource);
                        }

                        var copy = (chunk.Ingested[r], source, chunk.Lines[r]);
                        if (!winners.TryAdd(chunk.Text(r, 0), chunk.KeyHashes[r], copy, out var kept))
                        {
                            // A later-read copy that comes first (or ties) would have to replace a written row.
                            if (Compare(copy, kept, sources) <= 0)
                            {
                                return null;
                            }

                            writer.AppendRows(chunk, run, r);
                            run = r + 1;
                        }
                    }

                    writer.AppendRows(chunk, run, chunk.Count);

                    endsUnit = chunk.EndsUnit;
                    parser.Return(chunk);
                }
                while (!endsUnit);
            }

            writer.Finish();
        }
        finally
        {
            stop.Cancel();
            foreach (var parser in parsers)
            {
                parser.Dispose();
            }
        }

        return new EventsPartitionResult(date, stagedFile, received, winners.Count, valid - winners.Count, rejected, workers);
    }

    private static int SourceIndex(List<byte[]> sources, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].AsSpan().SequenceEqual(value))
            {
                return i;
            }
        }

        sources.Add(value.ToArray());
        return sources.Count - 1;
    }

    /// <summary>The dedup order: ingestion time, then source file (bytewise, as DuckDB compares VARCHAR), then line.</summary>
    private static int Compare((long Ingested, int Source, long Line) a, (long Ingested, int Source, long Line) b, List<byte[]> sources)
    {
        var c = a.Ingested.CompareTo(b.Ingested);
        if (c == 0 && a.Source != b.Source)
        {
            c = sources[a.Source].AsSpan().SequenceCompareTo(sources[b.Source]);
        }

        return c != 0 ? c : a.Line.CompareTo(b.Line);
    }
}
