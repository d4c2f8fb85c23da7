using Cartwheel.Streaming;

namespace Cartwheel.Server.Realtime;

/// <summary><c>GET /api/v1/realtime/top-products</c>: the ranking and what it ranks by (value = views, or revenue in currency units).</summary>
public sealed record TopProductsResponse(string By, int N, IReadOnlyList<ProductRank> Products);
