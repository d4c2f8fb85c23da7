namespace Cartwheel.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread (the BCL's <see cref="Progress{T}"/> posts to
/// the thread pool, which reorders reports and outlives the work).
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
