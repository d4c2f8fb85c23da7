namespace Cartwheel.Streaming;

/// <summary>A product and its views or revenue (currency units) over the sliding hour.</summary>
public sealed record ProductRank(string ProductId, decimal Value);
