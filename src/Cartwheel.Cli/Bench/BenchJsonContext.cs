using System.Text.Json.Serialization;

namespace Cartwheel.Cli.Bench;

/// <summary>The JSON of <c>bench stream</c>: the generator's lines and the result file (snake_case, like the server's APIs).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(LoadSecond))]
[JsonSerializable(typeof(LoadTotals))]
[JsonSerializable(typeof(StreamBenchResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
