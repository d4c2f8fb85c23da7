using C = Cartwheel.Lake.Parquet.BronzeParquetColumns;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The producer side of one bronze file (one date partition of one batch): appends rows to the pages of the PLAIN
/// columns and the runs of the dictionary columns, and hands full pages and finished row groups to
/// <paramref name="post"/> (which runs them on the writer's file thread, in order).
/// </summary>
internal sealed class BronzePartition(ParquetFileWriter file, BronzeConstants constants, Action<BronzeJob> post)
{
    /// <summary>Rows per row group (DuckDB reads row groups in parallel; ~64 MB of 1 KB payloads).</summary>
    public const int RowGroupRows = 64 * 1024;

    /// <summary>Uncompressed bytes that seal a page (and the compression unit).</summary>
    private const int PageBytes = 1024 * 1024;

    /// <summary>Payload bytes that end a row group early (very large records).</summary>
    private const long RowGroupBytes = 128L * 1024 * 1024;

    private readonly PageBuilder _recordId = new();
    private readonly PageBuilder _eventTime = new();
    private readonly PageBuilder _payload = new();
    private readonly PageBuilder _raw = new();
    private readonly PageBuilder _lineNumber = new();
    private readonly DictionaryColumn _sourceFile = DictionaryColumn.ForString(constants.SourceFile);
    private readonly DictionaryColumn _ingestionTime = DictionaryColumn.ForInt64(constants.IngestionTimeMicros);
    private readonly DictionaryColumn _fileHash = DictionaryColumn.ForString(constants.FileHash);
    private readonly DictionaryColumn _batchId = DictionaryColumn.ForString(constants.BatchId);
    private int _rows;
    private long _payloadBytes;
    private long _minTime = long.MaxValue, _maxTime = long.MinValue, _minLine = long.MaxValue, _maxLine = long.MinValue;

    public ParquetFileWriter File => file;

    public void Append(long eventTimeMicros, long lineNumber, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> recordId, bool hasRecordId,
        ReadOnlySpan<byte> raw, bool hasRaw, string? sourceFile)
    {
        if (hasRecordId)
        {
            _recordId.AppendBytes(recordId);
        }
        else
        {
            _recordId.AppendNull();
        }

        _eventTime.AppendInt64(eventTimeMicros);
        _payload.AppendBytes(payload);
        if (hasRaw)
        {
            _raw.AppendBytes(raw);
        }
        else
        {
            _raw.AppendNull();
        }

        _sourceFile.Append(sourceFile is null ? 0 : _sourceFile.IndexOf(sourceFile));
        _lineNumber.AppendInt64(lineNumber);
        _minTime = Math.Min(_minTime, eventTimeMicros);
        _maxTime = Math.Max(_maxTime, eventTimeMicros);
        _minLine = Math.Min(_minLine, lineNumber);
        _maxLine = Math.Max(_maxLine, lineNumber);
        _rows++;
        _payloadBytes += payload.Length;
        if (_payload.ValueBytes >= PageBytes)
        {
            Seal(C.Payload, _payload);
        }

        if (_recordId.ValueBytes >= PageBytes || _raw.ValueBytes >= PageBytes)
        {
            Seal(C.RecordId, _recordId);
            Seal(C.Raw, _raw);
        }

        if (_rows == RowGroupRows || _payloadBytes >= RowGroupBytes)
        {
            EndRowGroup();
        }
    }

    /// <summary>Ends the last row group and asks for the file to be finished.</summary>
    public void Complete()
    {
        if (_rows > 0)
        {
            EndRowGroup();
        }

        foreach (var builder in new[] { _recordId, _eventTime, _payload, _raw, _lineNumber })
        {
            builder.Release();
        }
    }

    private void Seal(int column, PageBuilder builder)
    {
        if (builder.Count > 0)
        {
            var page = builder.Seal();
            post(new BronzeJob(file, column, page, null));
        }
    }

    private void EndRowGroup()
    {
        Seal(C.RecordId, _recordId);
        Seal(C.EventTime, _eventTime);
        Seal(C.Payload, _payload);
        Seal(C.Raw, _raw);
        Seal(C.LineNumber, _lineNumber);
        _ingestionTime.AppendRun(0, _rows);
        _fileHash.AppendRun(0, _rows);
        _batchId.AppendRun(0, _rows);
        var time = (constants.IngestionTimeMicros, constants.IngestionTimeMicros);
        var end = new BronzeRowGroupEnd(_rows,
            [_sourceFile.TakeChunk(_rows), _ingestionTime.TakeChunk(_rows), _fileHash.TakeChunk(_rows), _batchId.TakeChunk(_rows)],
            [null, (_minTime, _maxTime), null, null, null, (_minLine, _maxLine), time, null, null]);
        post(new BronzeJob(file, -1, default, end));
        _rows = 0;
        _payloadBytes = 0;
        (_minTime, _maxTime, _minLine, _maxLine) = (long.MaxValue, long.MinValue, long.MaxValue, long.MinValue);
    }
}
