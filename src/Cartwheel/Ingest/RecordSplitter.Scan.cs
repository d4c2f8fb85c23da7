namespace Cartwheel.Ingest;

internal sealed partial class RecordSplitter
{
    /// <summary>The buffer index of the '\n' that ends the current record, or -1 (scanned up to the end).</summary>
    private int FindTerminator()
    {
        if (!_csv)
        {
            var i = _buffer.AsSpan(_scanFrom, _end - _scanFrom).IndexOf((byte)'\n');
            if (i >= 0)
            {
                return _scanFrom + i;
            }

            _scanFrom = _end;
            return -1;
        }

        while (_scanFrom < _end)
        {
            var window = _buffer.AsSpan(_scanFrom, _end - _scanFrom);
            var i = _inQuotes ? window.IndexOf((byte)'"') : window.IndexOfAny((byte)'"', (byte)'\n');
            if (i < 0)
            {
                // Inside quotes, newlines still count lines.
                if (_inQuotes)
                {
                    _newlinesInRecord += window.Count((byte)'\n');
                }

                _scanFrom = _end;
                return -1;
            }

            if (_inQuotes)
            {
                _newlinesInRecord += window[..i].Count((byte)'\n');
            }

            var at = _scanFrom + i;
            _scanFrom = at + 1;
            if (_buffer[at] == (byte)'\n')
            {
                return at;
            }

            _inQuotes = !_inQuotes;
        }

        return -1;
    }

    /// <summary>Reads more bytes after the current record, compacting or growing the buffer as needed.</summary>
    private void Fill()
    {
        if (_start > 0 && _buffer.Length - _end < MinRead)
        {
            var live = _end - _start;
            _buffer.AsSpan(_start, live).CopyTo(_buffer);
            _scanFrom -= _start;
            _start = 0;
            _end = live;
        }

        if (_buffer.Length - _end < MinRead)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxRecordBytes + 2 * MinRead));
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    /// <summary>
    /// The current record is over the limit: keep its first bytes, then read and drop the rest of it,
    /// holding at most one buffer of it at a time.
    /// </summary>
    private bool SkipRestOfLongRecord(out ReadOnlySpan<byte> record, out long lineNumber, out bool tooLong)
    {
        KeepPrefix();
        lineNumber = _nextLine;
        tooLong = true;
        record = _prefix;
        while (true)
        {
            // Drop everything scanned so far; the scan state (quotes, newlines) carries over.
            _start = _scanFrom = _end = 0;
            while (!_eof && _end < MinRead)
            {
                Fill();
            }

            var terminator = FindTerminator();
            if (terminator >= 0)
            {
                _start = _scanFrom = terminator + 1;
                break;
            }

            if (_eof)
            {
                _start = _scanFrom = _end;
                break;
            }
        }

        _nextLine += _newlinesInRecord + 1;
        _inQuotes = false;
        _newlinesInRecord = 0;
        return true;
    }
}
