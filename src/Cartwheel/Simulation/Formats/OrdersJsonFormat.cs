using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Formats;

/// <summary>Native <c>orders.jsonl</c>: one order version per line.</summary>
internal sealed class OrdersJsonFormat()
    : JsonRecordFormat<Order>("orders.jsonl", "order_id", "created_at", [.. Common, CorruptionKind.WrongType, CorruptionKind.BadValue])
{
    protected override void Write(Utf8JsonWriter writer, Order record) =>
        JsonSerializer.Serialize(writer, record, ContractsJsonContext.Default.Order);

    protected override void Mutate(JsonObject json, CorruptionKind kind, double choice)
    {
        var item = json["items"]!.AsArray()[0]!.AsObject();
        switch (kind)
        {
            case CorruptionKind.WrongType when choice < 0.5: item["quantity"] = "abc"; break;
            case CorruptionKind.WrongType: item["unit_price"] = "12,50"; break;
            case CorruptionKind.BadValue when choice < 0.5: json["status"] = "lost"; break;
            case CorruptionKind.BadValue: json["shipping"] = -5.00m; break;
            default: throw Unsupported(kind);
        }
    }
}
