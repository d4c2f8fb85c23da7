using Cartwheel.Lake.Parquet;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// Writes one silver events partition file with Cartwheel's Parquet writer: the columns, order and types of
/// <c>SELECT * EXCLUDE (_reason, _detail, _dup_rank, _raw, dt)</c> over <c>sql/silver/events.sql</c> (VARCHAR,
/// TIMESTAMPTZ, BIGINT, all OPTIONAL), ZSTD pages, row groups of <see cref="RowGroupRows"/>; event_type, source_format
/// and source_file, never NULL and a handful of values or the same over long runs of rows, as dictionary chunks (an
/// eighth of the bytes a row had to copy and compress, and nothing for DuckDB to decode); the ids and attributes the
/// gold steps read (session_id, user_id, product_id, referrer, utm_*, device, country) as dictionaries per row group
/// with NULLs (<see cref="DictionaryPageBuilder"/>, decision 67). Used by one thread (the scan's writing thread, fed
/// by its parsing workers); a second one compresses and writes the sealed pages (<see cref="FileThread{TJob}"/>), so a
/// big partition's parsing does not wait for compression.
/// </summary>
internal sealed class SilverEventsWriter : IDisposable
{
    public const string CreatedBy = "Cartwheel silver events writer";

    private const int RowGroupRows = 64 * 1024;
    private const int PageBytes = 1024 * 1024;
    private const int CompressionLevel = 1;

    /// <summary>Pages queued for the file thread: bounds memory (~1 MiB each) and lets parsing run ahead a little.</summary>
    private const int QueuedJobs = 16;
    private const int SessionId = 1, UserId = 2, EventType = 4, ProductId = 5, Referrer = 7, UtmSource = 8, UtmMedium = 9, UtmCampaign = 10,
        Device = 11, Country = 13;

    private const int EventTime = 16, ClientIngestionTime = 17, Properties = 18, SourceFormat = 19, IngestionTime = 20, SourceFile = 21, LineNumber = 22;

    /// <summary>The columns written as dictionary chunks: never NULL, a handful of values or the same one over long runs.</summary>
    private static readonly int[] DictionaryColumns = [EventType, SourceFormat, SourceFile];

    /// <summary>
    /// The text columns dictionary-encoded per row group by <see cref="DictionaryPageBuilder"/> (NULLs allowed; PLAIN
    /// for the rest of a row group whose dictionary fills up): the ids and attributes the gold steps read, which repeat
    /// within a row group. page_url, os and state repeat too but no gold step reads them: their lookups would cost the
    /// writing thread about what ZSTD saves on them (decision 67).
    /// </summary>
    private static readonly int[] DictionaryTextColumns = [SessionId, UserId, ProductId, Referrer, UtmSource, UtmMedium, UtmCampaign, Device, Country];

    public static readonly IReadOnlyList<ParquetColumn> Columns =
    [
        .. new[]
        {
            "event_id", "session_id", "user_id", "anonymous_id", "event_type", "product_id", "page_url", "referrer", "utm_source",
            "utm_medium", "utm_campaign", "device", "os", "country", "state", "ip",
        }.Select((name, c) => new ParquetColumn(name, ParquetColumnType.String, Dictionary: c == EventType || DictionaryTextColumns.Contains(c))),
        new("event_time", ParquetColumnType.TimestampUtc, Dictionary: false),
        new("client_ingestion_time", ParquetColumnType.TimestampUtc, Dictionary: false),
        new("properties", ParquetColumnType.String, Dictionary: false),
        new("source_format", ParquetColumnType.String, Dictionary: true),
        new("ingestion_time", ParquetColumnType.TimestampUtc, Dictionary: false),
        new("source_file", ParquetColumnType.String, Dictionary: true),
        new("line_number", ParquetColumnType.Int64, Dictionary: false),
    ];

    private readonly ZstdCompressor _zstd = new(CompressionLevel);
    private readonly ParquetFileWriter _file;
    private readonly FileThread<FileJob> _fileThread;
    private readonly PageBuilder[] _pages = [.. Columns.Select(_ => new PageBuilder())];
    private readonly DictionaryColumn _eventType = new();
    private readonly DictionaryColumn _sourceFormat = DictionaryColumn.ForString("native");
    private readonly DictionaryColumn _sourceFile = new();

    /// <summary>Per text column, its dictionary when it is one of <see cref="DictionaryTextColumns"/>.</summary>
    private readonly DictionaryPageBuilder?[] _dictionaries;

    /// <summary>The event types met so far, in <see cref="_eventType"/>'s order (a handful: a search of their bytes is a few comparisons).</summary>
    private readonly List<byte[]> _eventTypes = [];
    private int _seed004 = -1;

    /// <summary>The source file of the last run of rows appended (compared by reference first: chunks share one array per run) and its entry.</summary>
    private byte[]? _lastSourceFile;
    private int _lastSourceFileIndex;

    /// <summary>Min/max of the INT64 columns in the current row group (DuckDB prunes row groups by them); null while none.</summary>
    private readonly (long Min, long Max)?[] _statistics = new (long, long)?[Columns.Count];
    private int _rows;

    /// <param name="maxDictionaryBytes">The dictionary page size past which a row group's column falls back to PLAIN (tests set it low).</param>
    public SilverEventsWriter(string path, int maxDictionaryBytes = DictionaryPageBuilder.DefaultMaxDictionaryBytes)
    {
        _dictionaries = [.. Enumerable.Range(0, EventPayloadParser.TextColumns)
            .Select(c => DictionaryTextColumns.Contains(c) ? new DictionaryPageBuilder(maxDictionaryBytes) : null)];
        _file = new ParquetFileWriter(path, Columns, _zstd, createdBy: CreatedBy);
        _fileThread = new FileThread<FileJob>("silver-events-parquet", QueuedJobs, Run);
    }

    public long Rows { get; private set; }

    /// <summary>Appends accepted record <paramref name="row"/> of a parsed chunk.</summary>
    public void Append(EventsChunk chunk, int row) => AppendRows(chunk, row, row + 1);

    /// <summary>
    /// Appends accepted records [<paramref name="from"/>, <paramref name="to"/>) of a parsed chunk: each text column's
    /// values are copied as one PLAIN run per page (the chunk holds them encoded), so pages, row groups and the file are
    /// the same as appending the records one by one.
    /// </summary>
    public void AppendRows(EventsChunk chunk, int from, int to)
    {
        while (from < to)
        {
            var end = Math.Min(to, from + RowGroupRows - _rows);
            for (var c = 0; c < EventPayloadParser.TextColumns; c++)
            {
                if (_dictionaries[c] is { } dictionary)
                {
                    DictionaryTexts(c, dictionary, chunk, from, end);
                }
                else if (c != EventType)
                {
                    Texts(c, chunk, c, from, end);
                }
            }

            Texts(Properties, chunk, EventPayloadParser.TextColumns, from, end);
            for (var row = from; row < end; row++)
            {
                Int64(EventTime, chunk.EventTimes[row]);
                if (chunk.ClientIngestionTimes[row] is { } client)
                {
                    Int64(ClientIngestionTime, client);
                }
                else
                {
                    _pages[ClientIngestionTime].AppendNull();
                }

                _eventType.Append(EventTypeIndex(chunk, row));
                _sourceFormat.Append(chunk.Seed004[row] ? Seed004Index() : 0);
                Int64(IngestionTime, chunk.Ingested[row]);
                _sourceFile.Append(SourceFileIndex(chunk.SourceFiles[row]));
                Int64(LineNumber, chunk.Lines[row]);
            }

            Rows += end - from;
            _rows += end - from;
            from = end;
            if (_rows == RowGroupRows)
            {
                EndRowGroup();
            }
        }
    }

    /// <summary>Ends the last row group and writes the footer (a file without rows keeps the schema).</summary>
    public void Finish()
    {
        if (_rows > 0)
        {
            EndRowGroup();
        }

        _fileThread.Stop();
        _file.Finish(null);
    }

    public void Dispose()
    {
        _fileThread.Dispose();
        foreach (var page in _pages)
        {
            page.Release();
        }

        foreach (var dictionary in _dictionaries)
        {
            dictionary?.Release();
        }

        _file.Dispose();
        _zstd.Dispose();
    }

    private int EventTypeIndex(EventsChunk chunk, int row)
    {
        // An accepted record always has one (missing_key otherwise): the chunk holds no NULL for the dictionary to miss.
        if (chunk.IsNull(row, EventType))
        {
            throw new InvalidOperationException("An accepted silver event without event_type.");
        }

        var value = chunk.Text(row, EventType);
        for (var i = 0; i < _eventTypes.Count; i++)
        {
            if (value.SequenceEqual(_eventTypes[i]))
            {
                return i;
            }
        }

        _eventTypes.Add(value.ToArray());
        return _eventType.IndexOf(System.Text.Encoding.UTF8.GetString(value));
    }

    private int Seed004Index() => _seed004 >= 0 ? _seed004 : _seed004 = _sourceFormat.IndexOf("seed004");

    private int SourceFileIndex(byte[] sourceFile)
    {
        if (!ReferenceEquals(sourceFile, _lastSourceFile))
        {
            _lastSourceFileIndex = _sourceFile.IndexOf(System.Text.Encoding.UTF8.GetString(sourceFile));
            _lastSourceFile = sourceFile;
        }

        return _lastSourceFileIndex;
    }

    private void Int64(int column, long value)
    {
        _pages[column].AppendInt64(value);
        _statistics[column] = _statistics[column] is var (min, max) ? (Math.Min(min, value), Math.Max(max, value)) : (value, value);
    }

    /// <summary>
    /// Text column <paramref name="column"/> of records [<paramref name="from"/>, <paramref name="to"/>) into its
    /// dictionary; once the dictionary is full, its rows so far are written and the rest of the row group is PLAIN
    /// (<see cref="Texts"/>), as parquet-mr falls back.
    /// </summary>
    private void DictionaryTexts(int column, DictionaryPageBuilder dictionary, EventsChunk chunk, int from, int to)
    {
        if (!dictionary.IsFull)
        {
            var plain = chunk.Plain(column, from, to, out var ends);
            from += dictionary.AppendPlain(plain, ends);
            if (dictionary.IsFull)
            {
                _fileThread.Post(new FileJob(column, default, 0, null, Part: dictionary.TakePart()));
            }
        }

        if (from < to)
        {
            Texts(column, chunk, column, from, to);
        }
    }

    /// <summary>
    /// Text value <paramref name="text"/> of records [<paramref name="from"/>, <paramref name="to"/>) into column
    /// <paramref name="column"/>, a page sealed right after the value that brings it to <see cref="PageBytes"/>.
    /// </summary>
    private void Texts(int column, EventsChunk chunk, int text, int from, int to)
    {
        var page = _pages[column];
        while (from < to)
        {
            var plain = chunk.Plain(text, from, to, out var ends);
            // The first k records bring the page to PageBytes when ends[k] reaches the target: the least such k ends this part.
            var target = ends[0] + PageBytes - page.ValueBytes;
            var (low, high) = (1, ends.Length);
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                (low, high) = ends[middle] >= target ? (low, middle) : (middle + 1, high);
            }

            var count = Math.Min(low, ends.Length - 1);
            if (count < ends.Length - 1)
            {
                plain = plain[..(ends[count] - ends[0])];
                ends = ends[..(count + 1)];
            }

            page.AppendPlain(plain, ends);
            if (page.ValueBytes >= PageBytes)
            {
                _fileThread.Post(new FileJob(column, page.Seal(), 0, null));
            }

            from += ends.Length - 1;
        }
    }

    private void EndRowGroup()
    {
        foreach (var c in DictionaryTextColumns)
        {
            var dictionary = _dictionaries[c]!;
            if (!dictionary.IsFull)
            {
                _fileThread.Post(new FileJob(c, default, 0, null, Part: dictionary.TakePart()));
            }

            dictionary.NewRowGroup();
        }

        for (var c = 0; c < _pages.Length; c++)
        {
            if (_pages[c].Count > 0)
            {
                _fileThread.Post(new FileJob(c, _pages[c].Seal(), 0, null));
            }
        }

        _fileThread.Post(new FileJob(-1, default, _rows, [.. _statistics], [_eventType.TakeChunk(_rows), _sourceFormat.TakeChunk(_rows), _sourceFile.TakeChunk(_rows)]));
        Array.Clear(_statistics);
        _rows = 0;
    }

    private void Run(FileJob job)
    {
        if (job.Part is { } part)
        {
            part.WriteTo(_file, job.Column);
        }
        else if (job.Statistics is null)
        {
            _file.AddPage(job.Column, job.Page);
        }
        else
        {
            for (var d = 0; d < DictionaryColumns.Length; d++)
            {
                var (dictionary, entries, data) = job.Dictionaries![d];
                _file.SetDictionaryChunk(DictionaryColumns[d], dictionary, entries, data, (int)job.Rows);
            }

            _file.EndRowGroup(job.Rows, job.Statistics);
        }
    }

    /// <summary>
    /// A sealed page of a column, the dictionary-encoded rows of one (<paramref name="Part"/>), or the end of a row group
    /// of <paramref name="Rows"/> rows with its statistics and the chunks of <see cref="DictionaryColumns"/>.
    /// </summary>
    private readonly record struct FileJob(int Column, SealedPage Page, long Rows, (long Min, long Max)?[]? Statistics,
        (byte[] Dictionary, int Entries, byte[] Data)[]? Dictionaries = null, DictionaryChunkPart? Part = null);
}
