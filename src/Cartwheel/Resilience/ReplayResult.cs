namespace Cartwheel.Resilience;

/// <summary>The outcome of replaying one dead letter: replayed, or failed again with <see cref="Error"/>.</summary>
public sealed record ReplayResult(DeadLetter Letter, bool Replayed, string? Error);
