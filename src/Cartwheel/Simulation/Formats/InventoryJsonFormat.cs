using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Formats;

/// <summary>Native <c>inventory.jsonl</c>: one stock change per line.</summary>
internal sealed class InventoryJsonFormat()
    : JsonRecordFormat<InventoryUpdate>("inventory.jsonl", "update_id", "event_time", [.. Common, CorruptionKind.WrongType, CorruptionKind.BadValue])
{
    protected override void Write(Utf8JsonWriter writer, InventoryUpdate record) =>
        JsonSerializer.Serialize(writer, record, ContractsJsonContext.Default.InventoryUpdate);

    protected override void Mutate(JsonObject json, CorruptionKind kind, double choice)
    {
        switch (kind)
        {
            case CorruptionKind.WrongType: json["on_hand"] = "abc"; break;
            case CorruptionKind.BadValue: json["reason"] = "stolen"; break;
            default: throw Unsupported(kind);
        }
    }
}
