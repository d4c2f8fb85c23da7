using System.Text.Json.Serialization;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation;

/// <summary>Source-generated JSON metadata of the simulator's own files (seed004 events, manifest.json); snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(Seed004Event))]
[JsonSerializable(typeof(SimulationManifest))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
