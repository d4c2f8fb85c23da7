using System.Text.Json.Serialization;

namespace Cartwheel.Streaming;

/// <summary>Source-generated JSON for the real-time checkpoint.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(RealtimeStoreSnapshot))]
internal sealed partial class StreamJsonContext : JsonSerializerContext;
