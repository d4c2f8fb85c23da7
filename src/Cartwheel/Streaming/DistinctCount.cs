namespace Cartwheel.Streaming;

/// <summary>A number of distinct members, exact unless <paramref name="Approximate"/> (a HyperLogLog estimate, ~0.8% standard error).</summary>
public readonly record struct DistinctCount(long Count, bool Approximate);
