using System.Text;
using static Cartwheel.Lake.Parquet.ThriftCompactType;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The few parts of the Thrift compact protocol that Parquet's page headers and footer need: structs, i32/i64/bool/
/// binary fields and lists. Field ids must be written in increasing order within a struct (as Parquet's do).
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly Stack<short> _lastField = new();
    private byte[] _buffer = new byte[256];
    private short _last;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Starts a new top-level struct (end it with <see cref="EndStruct"/>).</summary>
    public void Reset()
    {
        Length = 0;
        _last = 0;
        _lastField.Clear();
        _lastField.Push(0);
    }

    public void I32Field(short id, int value)
    {
        FieldHeader(id, I32);
        VarInt(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldHeader(id, I64);
        VarInt(ZigZag(value));
    }

    public void BoolField(short id, bool value) => FieldHeader(id, value ? BoolTrue : BoolFalse);

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, Binary);
        BinaryValue(value);
    }

    public void StringField(short id, string value) => BinaryField(id, Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a struct-valued field; end it with <see cref="EndStruct"/>.</summary>
    public void StructField(short id)
    {
        FieldHeader(id, Struct);
        BeginStruct();
    }

    /// <summary>Starts a list field of <paramref name="count"/> structs; write each with <see cref="BeginStruct"/>/<see cref="EndStruct"/>.</summary>
    public void StructListField(short id, int count)
    {
        FieldHeader(id, ListType);
        ListHeader(count, Struct);
    }

    public void I32ListField(short id, IReadOnlyList<int> values)
    {
        FieldHeader(id, ListType);
        ListHeader(values.Count, I32);
        foreach (var value in values)
        {
            VarInt(ZigZag(value));
        }
    }

    public void StringListField(short id, IReadOnlyList<string> values)
    {
        FieldHeader(id, ListType);
        ListHeader(values.Count, Binary);
        foreach (var value in values)
        {
            BinaryValue(Encoding.UTF8.GetBytes(value));
        }
    }

    public void BeginStruct()
    {
        _lastField.Push(_last);
        _last = 0;
    }

    public void EndStruct()
    {
        Byte(0);
        _last = _lastField.Pop();
    }

    private void FieldHeader(short id, byte type)
    {
        var delta = id - _last;
        if (delta is > 0 and <= 15)
        {
            Byte((byte)((delta << 4) | type));
        }
        else
        {
            Byte(type);
            VarInt(ZigZag(id));
        }

        _last = id;
    }

    private void ListHeader(int count, byte elementType)
    {
        if (count < 15)
        {
            Byte((byte)((count << 4) | elementType));
        }
        else
        {
            Byte((byte)(0xF0 | elementType));
            VarInt((ulong)count);
        }
    }

    private void BinaryValue(ReadOnlySpan<byte> value)
    {
        VarInt((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void VarInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    private void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}
