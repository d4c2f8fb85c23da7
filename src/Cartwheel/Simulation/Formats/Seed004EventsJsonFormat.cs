using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Formats;

/// <summary>The seed004 <c>events.jsonl</c>: event_id, session_id, user_id, event_type, event_timestamp, event_details.</summary>
internal sealed class Seed004EventsJsonFormat()
    : JsonRecordFormat<SimEvent>("events.jsonl", "event_id", "event_timestamp", [.. Common, CorruptionKind.BadValue])
{
    public static Seed004Event ToSeed004(SimEvent e) => new(
        e.EventId,
        e.Session.SessionId,
        e.Session.UserId,
        EventJson.TypeName(e.Type),
        e.EventTime,
        new Seed004EventDetails(e.PageUrl, e.Referrer, e.ProductId, EventJson.DeviceName(e.Session.Device), e.Session.Os,
            e.Session.Country, e.Session.UtmSource, e.Session.UtmMedium, e.Session.UtmCampaign));

    protected override void Write(Utf8JsonWriter writer, SimEvent record) =>
        JsonSerializer.Serialize(writer, ToSeed004(record), SimulationJsonContext.Default.Seed004Event);

    protected override void Mutate(JsonObject json, CorruptionKind kind, double choice) =>
        json["event_type"] = kind == CorruptionKind.BadValue ? "teleport" : throw Unsupported(kind);
}
