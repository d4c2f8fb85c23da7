using System.Text;
using static Cartwheel.Lake.Parquet.ThriftCompactType;

namespace Cartwheel.Lake.Parquet;

/// <summary>
/// The reading side of <see cref="ThriftCompactWriter"/>: walks the Thrift compact protocol of Parquet page headers
/// and footers field by field, skipping what the caller does not ask for. Throws <see cref="InvalidDataException"/>
/// on anything malformed.
/// </summary>
internal sealed class ThriftCompactReader(byte[] buffer, int offset, int end)
{
    private readonly Stack<short> _lastField = new();
    private short _last;

    public int Position { get; private set; } = offset;

    /// <summary>Enters a struct (the top-level one too); read its fields with <see cref="NextField"/> until it returns false.</summary>
    public void BeginStruct()
    {
        _lastField.Push(_last);
        _last = 0;
    }

    /// <summary>The next field of the current struct; false at its end (the struct is then left).</summary>
    public bool NextField(out short id, out byte type)
    {
        var header = ReadByte();
        if (header == 0)
        {
            _last = _lastField.Pop();
            id = 0;
            type = 0;
            return false;
        }

        type = (byte)(header & 0x0F);
        var delta = header >> 4;
        id = delta == 0 ? (short)ZigZag(ReadVarInt()) : (short)(_last + delta);
        _last = id;
        return true;
    }

    public int ReadI32() => (int)ZigZag(ReadVarInt());

    public long ReadI64() => ZigZag(ReadVarInt());

    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = (int)ReadVarInt();
        if (length < 0 || Position + length > end)
        {
            throw new InvalidDataException("Thrift binary field runs past its buffer.");
        }

        var span = buffer.AsSpan(Position, length);
        Position += length;
        return span;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary());

    /// <summary>A list or set header: the element type and count.</summary>
    public (byte Type, int Count) ReadListHeader()
    {
        var header = ReadByte();
        var count = header >> 4;
        return ((byte)(header & 0x0F), count == 15 ? (int)ReadVarInt() : count);
    }

    /// <summary>Skips a value of <paramref name="type"/> (a field's value or a list element).</summary>
    public void Skip(byte type)
    {
        switch (type)
        {
            case BoolTrue or BoolFalse:
                break;
            case I8:
                ReadByte();
                break;
            case I16 or I32 or I64:
                ReadVarInt();
                break;
            case F64:
                Advance(8);
                break;
            case Binary:
                ReadBinary();
                break;
            case ListType or SetType:
                var (elementType, count) = ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    // Booleans in lists take one byte each.
                    if (elementType is BoolTrue or BoolFalse)
                    {
                        ReadByte();
                    }
                    else
                    {
                        Skip(elementType);
                    }
                }

                break;
            case MapType:
                var entries = (int)ReadVarInt();
                if (entries > 0)
                {
                    var types = ReadByte();
                    for (var i = 0; i < entries; i++)
                    {
                        Skip((byte)(types >> 4));
                        Skip((byte)(types & 0x0F));
                    }
                }

                break;
            case Struct:
                BeginStruct();
                while (NextField(out _, out var fieldType))
                {
                    Skip(fieldType);
                }

                break;
            default:
                throw new InvalidDataException($"Unknown Thrift compact type {type}.");
        }
    }

    private byte ReadByte()
    {
        if (Position >= end)
        {
            throw new InvalidDataException("Thrift structure runs past its buffer.");
        }

        return buffer[Position++];
    }

    private void Advance(int count)
    {
        if (Position + count > end)
        {
            throw new InvalidDataException("Thrift structure runs past its buffer.");
        }

        Position += count;
    }

    private ulong ReadVarInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Thrift varint is too long.");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
