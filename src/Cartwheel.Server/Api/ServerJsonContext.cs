using System.Text.Json.Serialization;
using Cartwheel.Server.Realtime;
using Cartwheel.Server.Reports;
using Cartwheel.Streaming;

namespace Cartwheel.Server.Api;

/// <summary>Source-generated JSON of the server's own answers (snake_case like the contracts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LogStatus))]
[JsonSerializable(typeof(RealtimeSummary))]
[JsonSerializable(typeof(DashboardUpdate))]
[JsonSerializable(typeof(TopProductsResponse))]
[JsonSerializable(typeof(TimeSeriesResponse))]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(FunnelReport))]
[JsonSerializable(typeof(IReadOnlyList<ReportResponse>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
