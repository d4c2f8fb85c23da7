using Microsoft.Extensions.Logging;

namespace Cartwheel.Orchestration;

/// <summary>
/// The logger a task attempt receives: forwards to the host's logger and keeps the last lines for the
/// attempt's <c>log_excerpt</c> in the catalog.
/// </summary>
internal sealed class TaskLogCapture(ILogger inner) : ILogger
{
    private const int MaxLines = 20;
    private const int MaxLineLength = 500;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    /// <summary>The last lines logged, oldest first, or null when nothing was logged.</summary>
    public string? Excerpt
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count == 0 ? null : string.Join('\n', _lines);
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        inner.Log(logLevel, eventId, state, exception, formatter);
        var line = $"[{logLevel}] {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}";
        Add(line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line);
    }

    /// <summary>Adds a line that is not a log event (the failure of the attempt).</summary>
    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
