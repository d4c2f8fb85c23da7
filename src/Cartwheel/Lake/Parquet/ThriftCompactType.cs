namespace Cartwheel.Lake.Parquet;

/// <summary>The type ids of the Thrift compact protocol (field headers and list headers).</summary>
internal static class ThriftCompactType
{
    public const byte BoolTrue = 1;
    public const byte BoolFalse = 2;
    public const byte I8 = 3;
    public const byte I16 = 4;
    public const byte I32 = 5;
    public const byte I64 = 6;
    public const byte F64 = 7;
    public const byte Binary = 8;
    public const byte ListType = 9;
    public const byte SetType = 10;
    public const byte MapType = 11;
    public const byte Struct = 12;
}
