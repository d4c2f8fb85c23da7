using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Cartwheel.Simulation.Formats;

/// <summary>A JSON-lines file of records serialized through source-generated metadata.</summary>
internal abstract class JsonRecordFormat<T> : RecordFormat<T>
{
    private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>());

    protected JsonRecordFormat(string fileName, string keyField, string timeField, IReadOnlyList<CorruptionKind> corruptions)
        : base(fileName, corruptions)
    {
        KeyField = keyField;
        TimeField = timeField;
    }

    /// <summary>The JSON kinds of corruption every JSON file can get.</summary>
    protected static CorruptionKind[] Common { get; } =
    [
        CorruptionKind.TruncatedJson, CorruptionKind.GarbageText, CorruptionKind.JsonArray,
        CorruptionKind.MissingTime, CorruptionKind.InvalidTime, CorruptionKind.EmptyKey,
    ];

    protected string KeyField { get; }

    protected string TimeField { get; }

    public override void WriteLine(T record, ArrayBufferWriter<byte> buffer)
    {
        _writer.Reset(buffer);
        Write(_writer, record);
        _writer.Flush();
    }

    public override string CorruptLine(T record, CorruptionKind kind, double choice)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteLine(record, buffer);
        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        switch (kind)
        {
            case CorruptionKind.TruncatedJson:
                return line[..(1 + (int)(choice * (line.Length - 2)))];
            case CorruptionKind.GarbageText:
                return $"#~ {(long)(choice * 1e12):x} garbage, not json ~#";
            case CorruptionKind.JsonArray:
                return "[" + line + "]";
        }

        var json = JsonNode.Parse(line)!.AsObject();
        switch (kind)
        {
            case CorruptionKind.MissingTime: json.Remove(TimeField); break;
            case CorruptionKind.InvalidTime: json[TimeField] = choice < 0.5 ? "not-a-time" : "2024-13-45T25:61:00Z"; break;
            case CorruptionKind.EmptyKey: json[KeyField] = ""; break;
            default: Mutate(json, kind, choice); break;
        }

        return json.ToJsonString();
    }

    /// <summary>Writes the record as one JSON object.</summary>
    protected abstract void Write(Utf8JsonWriter writer, T record);

    /// <summary>Applies a <see cref="CorruptionKind.WrongType"/> or <see cref="CorruptionKind.BadValue"/> corruption.</summary>
    protected virtual void Mutate(JsonObject json, CorruptionKind kind, double choice) => throw Unsupported(kind);

    protected static void Serialize(Utf8JsonWriter writer, T record, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(writer, record, typeInfo);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
