namespace Cartwheel.Ingest;

/// <summary>A read-only pass-through that reports the bytes read from the underlying file every few MiB.</summary>
internal sealed class ProgressStream(Stream inner, Action<long> report) : Stream
{
    private const long ReportEvery = 4L * 1024 * 1024;
    private long _read;
    private long _reported;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        if (read == 0 || _read - _reported >= ReportEvery)
        {
            _reported = _read;
            report(_read);
        }

        return read;
    }
}
