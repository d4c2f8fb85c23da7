namespace Cartwheel.Cli.Commands;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the calling thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class ProgressCallback<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
