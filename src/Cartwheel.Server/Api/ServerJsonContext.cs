using System.Text.Json.Serialization;

namespace Cartwheel.Server.Api;

/// <summary>Source-generated JSON of the server's own answers (snake_case like the contracts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LogStatus))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
