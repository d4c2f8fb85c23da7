using System.Text;
using System.Text.Unicode;
using Cartwheel.Lake.Parquet;
using C = Cartwheel.Lake.Parquet.BronzeParquetColumns;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// Silver events of one partition in one pass over its bronze files: each record is parsed and checked
/// (<see cref="EventPayloadParser"/>), rejected ones are collected for quarantine, and the first copy of each
/// event_id by (ingestion_time, source_file, line_number) — events.sql's dedup rule — is written
/// (<see cref="SilverEventsWriter"/>). Files are read in commit order and a copy is written when its key is first
/// seen, which is the rule's winner whenever no later-read copy comes before it; when one does (interleaved
/// sources), or a record or file is not one this pass reproduces with certainty, the scan gives up (null) and the
/// partition is built by DuckDB.
/// </summary>
internal static class EventsPartitionScan
{
    public static EventsPartitionResult? Run(DateOnly date, IReadOnlyList<string> bronzeFiles, string stagedFile, CancellationToken cancellationToken)
    {
        try
        {
            var result = Scan(date, bronzeFiles, stagedFile, cancellationToken);
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

    private static EventsPartitionResult? Scan(DateOnly date, IReadOnlyList<string> bronzeFiles, string stagedFile, CancellationToken cancellationToken)
    {
        var parser = new EventPayloadParser();
        var winners = new Dictionary<string, (long Ingested, int Source, long Line)>(StringComparer.Ordinal);
        var sources = new List<byte[]>();
        var rejected = new List<RejectedEvent>();
        long received = 0, valid = 0;
        using var zstd = new ZstdDecompressor();
        try
        {
            using var writer = new SilverEventsWriter(stagedFile);
            foreach (var path in bronzeFiles)
            {
                using var reader = BronzeFileReader.Open(path, zstd);
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var payload = reader.ReadColumn(g, C.Payload);
                    var raw = reader.ReadColumn(g, C.Raw);
                    var sourceFile = reader.ReadColumn(g, C.SourceFile);
                    var line = reader.ReadColumn(g, C.LineNumber);
                    var ingested = reader.ReadColumn(g, C.IngestionTime);
                    var source = -1;
                    for (var r = 0; r < payload.Count; r++)
                    {
                        if (payload.Nulls[r] || sourceFile.Nulls[r] || line.Nulls[r] || ingested.Nulls[r])
                        {
                            return null;
                        }

                        received++;
                        var text = payload.Bytes(r);
                        var outcome = parser.Parse(text, ingested.Int64[r]);
                        // Text columns are copied as bytes: DuckDB would not read invalid UTF-8 back.
                        if (outcome == EventParse.Unusual || !Utf8.IsValid(text) || !(raw.Nulls[r] || Utf8.IsValid(raw.Bytes(r))))
                        {
                            return null;
                        }

                        if (source < 0 || !sources[source].AsSpan().SequenceEqual(sourceFile.Bytes(r)))
                        {
                            source = SourceIndex(sources, sourceFile.Bytes(r));
                        }

                        if (outcome == EventParse.Rejected)
                        {
                            rejected.Add(new RejectedEvent(Encoding.UTF8.GetString(sources[source]), line.Int64[r], parser.Reason!, parser.Detail!,
                                Encoding.UTF8.GetString(raw.Nulls[r] ? text : raw.Bytes(r))));
                            continue;
                        }

                        valid++;
                        var key = Encoding.UTF8.GetString(parser.Text(parser.Column(0), text));
                        var copy = (ingested.Int64[r], source, line.Int64[r]);
                        if (winners.TryGetValue(key, out var kept))
                        {
                            // A later-read copy that comes first (or ties) would have to replace a written row.
                            if (Compare(copy, kept, sources) <= 0)
                            {
                                return null;
                            }

                            continue;
                        }

                        winners.Add(key, copy);
                        writer.Append(parser, text, ingested.Int64[r], sources[source], line.Int64[r]);
                    }

                    reader.Release();
                }
            }

            writer.Finish();
        }
        catch (InvalidDataException)
        {
            // Not a file of our writer, or pages it does not write: DuckDB reads it.
            return null;
        }

        return new EventsPartitionResult(date, stagedFile, received, winners.Count, valid - winners.Count, rejected);
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
