using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary><c>GET /api/v1/realtime/timeseries</c>: one metric per window, oldest first, gaps filled with 0.</summary>
public sealed record TimeSeriesResponse(string Metric, string Window, IReadOnlyList<TimeSeriesPoint> Points);
