namespace Cartwheel.Streaming;

/// <summary>A metric's value over the window starting at <see cref="Start"/>.</summary>
public sealed record TimeSeriesPoint(DateTimeOffset Start, decimal Value);
