namespace Cartwheel.Resilience;

public enum DeadLetterStatus
{
    /// <summary>Waiting for a replay.</summary>
    Pending,

    /// <summary>Replayed successfully; kept for the record.</summary>
    Replayed,
}
