namespace Cartwheel.Log;

/// <summary>The log cannot accept more records now; retry after <see cref="RetryAfter"/>.</summary>
public sealed class LogFullException : CartwheelException
{
    public LogFullException(TimeSpan retryAfter)
        : base("log.full", $"The event log is full; retry after {retryAfter.TotalSeconds:F0} s.") => RetryAfter = retryAfter;

    public LogFullException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    public LogFullException(string message)
        : base(message) => RetryAfter = TimeSpan.FromSeconds(1);

    public LogFullException(string message, Exception innerException)
        : base(message, innerException) => RetryAfter = TimeSpan.FromSeconds(1);

    public TimeSpan RetryAfter { get; }
}
