using System.Text.Json.Serialization;

namespace Cartwheel.Orchestration;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class OrchestrationJsonContext : JsonSerializerContext;
