using System.Text.Json.Serialization;

namespace Cartwheel.Server.Orchestration;

/// <summary>Source-generated snake_case JSON of the run, DAG and quality APIs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<DagResponse>))]
[JsonSerializable(typeof(IReadOnlyList<RunResponse>))]
[JsonSerializable(typeof(RunDetailResponse))]
[JsonSerializable(typeof(IReadOnlyList<QualityResultResponse>))]
internal sealed partial class OrchestrationJsonContext : JsonSerializerContext;
