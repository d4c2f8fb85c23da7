using System.Runtime.ExceptionServices;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// The parsed records of a stretch of bronze rows, as an <see cref="EventsScanWorker"/> hands them to the thread of
/// <see cref="EventsPartitionScan"/> that deduplicates and writes in read order: per accepted record its event_id's hash,
/// the dedup order's parts and the silver values (the text copied, since the parser's slots do not outlive its next
/// record, into one buffer per column already PLAIN-encoded, so the writer copies runs of records at once), and the
/// rejected records ready for quarantine. A worker owns a few and gets each back once it is written, so the buffers
/// are reused and memory stays at a few chunks per worker.
/// </summary>
internal sealed class EventsChunk(int capacity)
{
    /// <summary>Accepted records per chunk by default (~8 MiB of text for the ~1 KB events).</summary>
    public const int DefaultCapacity = 8 * 1024;

    /// <summary>Text values per record: the 16 text columns, then properties.</summary>
    public const int Texts = EventPayloadParser.TextColumns + 1;

    private readonly PlainColumn[] _texts = [.. Enumerable.Range(0, Texts).Select(_ => new PlainColumn(capacity))];

    /// <summary>Accepted records in the chunk.</summary>
    public int Count { get; private set; }

    /// <summary>Bronze records read into the chunk (accepted or rejected).</summary>
    public long Received { get; set; }

    public List<RejectedEvent> Rejected { get; } = [];

    /// <summary>The last chunk of its unit (the next unit's chunks come from the next worker).</summary>
    public bool EndsUnit { get; set; }

    /// <summary>The worker met what the pass does not reproduce (the partition goes to DuckDB); the chunk is its last.</summary>
    public bool GaveUp { get; set; }

    /// <summary>The worker's failure, rethrown by the writing thread; the chunk is its last.</summary>
    public ExceptionDispatchInfo? Error { get; set; }

    /// <summary>The <see cref="EventKeyTable.Hash"/> of each record's event_id (text 0), computed here on the parsing thread.</summary>
    public int[] KeyHashes { get; } = new int[capacity];

    public long[] Ingested { get; } = new long[capacity];

    /// <summary>The source file of each record (one array per run of equal values, so the writer compares references first).</summary>
    public byte[][] SourceFiles { get; } = new byte[capacity][];

    public long[] Lines { get; } = new long[capacity];

    public long[] EventTimes { get; } = new long[capacity];

    public long?[] ClientIngestionTimes { get; } = new long?[capacity];

    public bool[] Seed004 { get; } = new bool[capacity];

    public bool IsFull => Count == KeyHashes.Length;

    /// <summary>Empties the chunk for reuse.</summary>
    public void Reset()
    {
        Count = 0;
        Received = 0;
        Rejected.Clear();
        EndsUnit = GaveUp = false;
        Error = null;
        Array.Clear(SourceFiles);
    }

    /// <summary>Adds the accepted record the parser holds.</summary>
    public void Add(EventPayloadParser parser, ReadOnlySpan<byte> payload, long ingestionMicros, byte[] sourceFile, long lineNumber)
    {
        var row = Count++;
        for (var c = 0; c < EventPayloadParser.TextColumns; c++)
        {
            _texts[c].Add(row, parser.Column(c).IsNull, parser.Text(parser.Column(c), payload));
        }

        _texts[EventPayloadParser.TextColumns].Add(row, parser.Properties.IsNull, parser.Text(parser.Properties, payload));
        KeyHashes[row] = EventKeyTable.Hash(Text(row, 0));
        Ingested[row] = ingestionMicros;
        SourceFiles[row] = sourceFile;
        Lines[row] = lineNumber;
        EventTimes[row] = parser.EventTimeMicros;
        ClientIngestionTimes[row] = parser.ClientIngestionMicros;
        Seed004[row] = parser.Seed004;
    }

    /// <summary>Whether text value <paramref name="text"/> (0 … <see cref="Texts"/> − 1) of a record is SQL NULL.</summary>
    public bool IsNull(int row, int text) => _texts[text].Ends[row + 1] == _texts[text].Ends[row];

    public ReadOnlySpan<byte> Text(int row, int text)
    {
        var column = _texts[text];
        var start = column.Ends[row];
        return column.Ends[row + 1] == start ? default : column.Bytes.AsSpan(start + 4, column.Ends[row + 1] - start - 4);
    }

    /// <summary>
    /// Text value <paramref name="text"/> of records [<paramref name="from"/>, <paramref name="to"/>) as a Parquet PLAIN
    /// run (each non-null value as its length and bytes), and where each record's value ends in it: entry i of
    /// <paramref name="ends"/> (0 … to − from) is the run's length up to record from + i, so a record is NULL when it
    /// adds nothing.
    /// </summary>
    public ReadOnlySpan<byte> Plain(int text, int from, int to, out ReadOnlySpan<int> ends)
    {
        var column = _texts[text];
        ends = column.Ends.AsSpan(from, to - from + 1);
        return column.Bytes.AsSpan(column.Ends[from], column.Ends[to] - column.Ends[from]);
    }

    /// <summary>One text column of the chunk, PLAIN-encoded as the pages will hold it; <see cref="Ends"/>[r + 1] is where record r's value ends.</summary>
    private sealed class PlainColumn(int capacity)
    {
        public byte[] Bytes { get; private set; } = new byte[Math.Min(1024 * 1024, capacity * 32)];

        public int[] Ends { get; } = new int[capacity + 1];

        public void Add(int row, bool isNull, ReadOnlySpan<byte> value)
        {
            var at = Ends[row];
            if (!isNull)
            {
                if (at + 4 + value.Length > Bytes.Length)
                {
                    var bytes = Bytes;
                    Array.Resize(ref bytes, Math.Max(Bytes.Length * 2, at + 4 + value.Length));
                    Bytes = bytes;
                }

                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(Bytes.AsSpan(at), value.Length);
                value.CopyTo(Bytes.AsSpan(at + 4));
                at += 4 + value.Length;
            }

            Ends[row + 1] = at;
        }
    }
}
