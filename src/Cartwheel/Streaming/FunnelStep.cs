namespace Cartwheel.Streaming;

/// <summary>
/// One funnel step: the distinct sessions that reached it in the sliding hour, and that count over the
/// previous step's (null for the first step or when the previous step has no sessions); <paramref name="Approximate"/>
/// when the count is an estimate (a HyperLogLog, ~0.8% standard error, or a filtered count that misses the sessions of
/// device/country pairs folded into a minute's other group; decision 66), else exact.
/// </summary>
public sealed record FunnelStep(string Step, long Sessions, double? ConversionFromPrevious, bool Approximate = false);
