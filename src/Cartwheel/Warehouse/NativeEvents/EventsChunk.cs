using System.Runtime.ExceptionServices;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// The parsed records of a stretch of bronze rows, as an <see cref="EventsScanWorker"/> hands them to the thread of
/// <see cref="EventsPartitionScan"/> that deduplicates and writes in read order: per accepted record its event_id's hash,
/// the dedup order's parts and the silver values (the text copied into one buffer, since the parser's slots do not
/// outlive its next record), and the rejected records ready for quarantine. A worker owns a few and gets each back
/// once it is written, so the buffers are reused and memory stays at a few chunks per worker.
/// </summary>
internal sealed class EventsChunk(int capacity)
{
    /// <summary>Accepted records per chunk by default (~8 MiB of text for the ~1 KB events).</summary>
    public const int DefaultCapacity = 8 * 1024;

    /// <summary>Text values per record: the 16 text columns, then properties.</summary>
    public const int Texts = EventPayloadParser.TextColumns + 1;

    private readonly int[] _offsets = new int[capacity * Texts];
    private readonly int[] _lengths = new int[capacity * Texts];
    private byte[] _bytes = new byte[Math.Min(1024 * 1024, capacity * 256)];
    private int _used;

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
        _used = 0;
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
            Copy(row * Texts + c, parser, parser.Column(c), payload);
        }

        Copy(row * Texts + EventPayloadParser.TextColumns, parser, parser.Properties, payload);
        KeyHashes[row] = EventKeyTable.Hash(Text(row, 0));
        Ingested[row] = ingestionMicros;
        SourceFiles[row] = sourceFile;
        Lines[row] = lineNumber;
        EventTimes[row] = parser.EventTimeMicros;
        ClientIngestionTimes[row] = parser.ClientIngestionMicros;
        Seed004[row] = parser.Seed004;
    }

    /// <summary>Whether text value <paramref name="text"/> (0 … <see cref="Texts"/> − 1) of a record is SQL NULL.</summary>
    public bool IsNull(int row, int text) => _lengths[row * Texts + text] < 0;

    public ReadOnlySpan<byte> Text(int row, int text) => _bytes.AsSpan(_offsets[row * Texts + text], Math.Max(0, _lengths[row * Texts + text]));

    private void Copy(int at, EventPayloadParser parser, JsonTextSlot slot, ReadOnlySpan<byte> payload)
    {
        _offsets[at] = _used;
        _lengths[at] = slot.Length;
        if (slot.IsNull)
        {
            return;
        }

        var value = parser.Text(slot, payload);
        if (_used + value.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + value.Length));
        }

        value.CopyTo(_bytes.AsSpan(_used));
        _used += value.Length;
    }
}
