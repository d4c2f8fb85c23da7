namespace Cartwheel.Ingest;

/// <summary>
/// Splits a byte stream into records at '\n' (a trailing '\r' is dropped), counting 1-based line numbers.
/// In CSV mode a '\n' inside double quotes does not end the record (RFC 4180), and the record's line number
/// is its first line. A record longer than <see cref="MaxRecordBytes"/> is never held whole: only its first
/// <see cref="KeptPrefixBytes"/> are kept, the rest is scanned and dropped.
/// </summary>
internal sealed partial class RecordSplitter
{
    public const int MaxRecordBytes = 16 * 1024 * 1024;
    public const int KeptPrefixBytes = 1024;
    private const int InitialBuffer = 1024 * 1024;
    private const int MinRead = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _csv;
    private readonly byte[] _prefix = new byte[KeptPrefixBytes];
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private int _scanFrom;
    private bool _inQuotes;
    private int _newlinesInRecord;
    private bool _eof;
    private long _nextLine = 1;

    public RecordSplitter(Stream stream, bool csv)
    {
        _stream = stream;
        _csv = csv;
    }

    /// <summary>
    /// Reads the first block (up to 64 KiB) without consuming it, drops a UTF-8 byte order mark, and returns
    /// it (empty for an empty stream).
    /// </summary>
    public ReadOnlySpan<byte> Peek()
    {
        while (!_eof && _end < MinRead)
        {
            Fill();
        }

        if (_end >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
        {
            _start = _scanFrom = 3;
        }

        return _buffer.AsSpan(_start, Math.Min(_end - _start, MinRead));
    }

    /// <summary>
    /// The next record without its line terminator. <paramref name="tooLong"/> means the record exceeded
    /// <see cref="MaxRecordBytes"/> and <paramref name="record"/> holds only its first bytes.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> record, out long lineNumber, out bool tooLong)
    {
        while (true)
        {
            var terminator = FindTerminator();
            if (terminator >= 0)
            {
                lineNumber = _nextLine;
                _nextLine += _newlinesInRecord + 1;
                var length = terminator - _start;
                tooLong = length > MaxRecordBytes;
                record = tooLong ? KeepPrefix() : TrimCarriageReturn(_buffer.AsSpan(_start, length));
                _start = _scanFrom = terminator + 1;
                _inQuotes = false;
                _newlinesInRecord = 0;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    lineNumber = _nextLine;
                    _nextLine += _newlinesInRecord + 1;
                    tooLong = _end - _start > MaxRecordBytes;
                    record = tooLong ? KeepPrefix() : TrimCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                    _start = _scanFrom = _end;
                    return true;
                }

                record = default;
                lineNumber = 0;
                tooLong = false;
                return false;
            }

            if (_end - _start > MaxRecordBytes)
            {
                return SkipRestOfLongRecord(out record, out lineNumber, out tooLong);
            }

            Fill();
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private ReadOnlySpan<byte> KeepPrefix()
    {
        _buffer.AsSpan(_start, KeptPrefixBytes).CopyTo(_prefix);
        return _prefix;
    }
}
