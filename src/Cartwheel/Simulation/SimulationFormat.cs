using System.Text.Json.Serialization;

namespace Cartwheel.Simulation;

/// <summary>Which file layout the simulator writes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SimulationFormat>))]
public enum SimulationFormat
{
    /// <summary>The contracts of docs/data-model.md: users.csv, products.csv, events.jsonl, orders.jsonl, inventory.jsonl.</summary>
    [JsonStringEnumMemberName("native")] Native,

    /// <summary>The design notes' mock generator: users.csv, events.jsonl, transactions.csv.</summary>
    [JsonStringEnumMemberName("seed004")] Seed004,
}
