namespace Cartwheel.Streaming;

/// <summary>
/// One funnel step: the distinct sessions that reached it in the sliding hour, and that count over the
/// previous step's (null for the first step or when the previous step has no sessions).
/// </summary>
public sealed record FunnelStep(string Step, long Sessions, double? ConversionFromPrevious);
