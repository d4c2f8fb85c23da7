using System.Buffers;
using System.Text;

namespace Cartwheel.Simulation.Formats;

/// <summary>A CSV file with a header; every record is one row of invariant-culture text fields.</summary>
internal abstract class CsvRecordFormat<T> : RecordFormat<T>
{
    private readonly string[] _columns;
    private readonly int _keyColumn;
    private readonly int _timeColumn;

    protected CsvRecordFormat(string fileName, string[] columns, string keyColumn, string timeColumn, IReadOnlyList<CorruptionKind> corruptions)
        : base(fileName, corruptions)
    {
        _columns = columns;
        _keyColumn = Array.IndexOf(columns, keyColumn);
        _timeColumn = Array.IndexOf(columns, timeColumn);
    }

    /// <summary>The CSV kinds of corruption every CSV file can get.</summary>
    protected static CorruptionKind[] Common { get; } =
        [CorruptionKind.WrongFieldCount, CorruptionKind.MissingTime, CorruptionKind.InvalidTime, CorruptionKind.EmptyKey];

    public override string Header => CsvText.Join(_columns);

    public override void WriteLine(T record, ArrayBufferWriter<byte> buffer)
    {
        var line = CsvText.Join(Fields(record));
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(line, span));
    }

    public override string CorruptLine(T record, CorruptionKind kind, double choice)
    {
        var fields = Fields(record);
        switch (kind)
        {
            case CorruptionKind.WrongFieldCount:
                return CsvText.Join(choice < 0.5 ? fields[..^1] : [.. fields, "extra"]);
            case CorruptionKind.MissingTime: fields[_timeColumn] = ""; break;
            case CorruptionKind.InvalidTime: fields[_timeColumn] = "not-a-time"; break;
            case CorruptionKind.EmptyKey: fields[_keyColumn] = ""; break;
            default: Mutate(fields, kind, choice); break;
        }

        return CsvText.Join(fields);
    }

    /// <summary>The row's fields in column order.</summary>
    protected abstract string[] Fields(T record);

    /// <summary>Applies a <see cref="CorruptionKind.WrongType"/> or <see cref="CorruptionKind.BadValue"/> corruption.</summary>
    protected virtual void Mutate(string[] fields, CorruptionKind kind, double choice) => throw Unsupported(kind);

    protected int Column(string name) => Array.IndexOf(_columns, name);
}
