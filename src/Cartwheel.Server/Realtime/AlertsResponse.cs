using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary><c>GET /api/v1/realtime/alerts</c>.</summary>
public sealed record AlertsResponse(IReadOnlyList<RealtimeAlert> Alerts);
