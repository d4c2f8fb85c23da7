namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The definition levels of one data page of an OPTIONAL column: RLE runs of bit width 1 (varint(length &lt;&lt; 1),
/// then the level in one byte), which is how every page of our writers encodes them.
/// </summary>
internal sealed class DefinitionLevels
{
    private byte[] _bytes = new byte[16];
    private int _run;
    private bool _runDefined;

    /// <summary>Bytes of the runs written so far (the current run is written by <see cref="Flush"/>).</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Add(bool defined)
    {
        if (_run > 0 && defined != _runDefined)
        {
            Flush();
        }

        _runDefined = defined;
        _run++;
    }

    /// <summary>Writes the current run.</summary>
    public void Flush()
    {
        if (_run == 0)
        {
            return;
        }

        if (Length + 6 > _bytes.Length)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        var header = (uint)_run << 1;
        while (header >= 0x80)
        {
            _bytes[Length++] = (byte)(header | 0x80);
            header >>= 7;
        }

        _bytes[Length++] = (byte)header;
        _bytes[Length++] = _runDefined ? (byte)1 : (byte)0;
        _run = 0;
    }

    /// <summary>Starts the levels of a new page.</summary>
    public void Clear()
    {
        Length = 0;
        _run = 0;
    }
}
