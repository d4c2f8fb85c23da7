using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Formats;

/// <summary>Native <c>events.jsonl</c>: one click event per line, optionally padded to a line size.</summary>
internal sealed class EventsJsonFormat : JsonRecordFormat<SimEvent>
{
    private readonly string _padding;

    public EventsJsonFormat(int padTo, int seed)
        : base("events.jsonl", "event_id", "event_time", [.. Common, CorruptionKind.BadValue]) =>
        _padding = padTo > 0 ? PaddingText(padTo, seed) : string.Empty;

    protected override void Write(Utf8JsonWriter writer, SimEvent record) => EventJson.Write(writer, record, _padding);

    protected override void Mutate(JsonObject json, CorruptionKind kind, double choice) =>
        json["event_type"] = kind == CorruptionKind.BadValue ? "teleport" : throw Unsupported(kind);

    /// <summary>Alphanumeric filler (compresses like text, needs no JSON escaping).</summary>
    private static string PaddingText(int length, int seed)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new Random(seed);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
