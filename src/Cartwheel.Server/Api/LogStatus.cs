namespace Cartwheel.Server.Api;

/// <summary>The answer of <c>GET /api/v1/log</c>.</summary>
public sealed record LogStatus(int Partitions, IReadOnlyList<long> EndOffsets);
