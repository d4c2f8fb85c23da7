using System.Collections.Concurrent;
using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

/// <summary>An alert sink that keeps what it was sent (the webhook itself is tested against a real listener).</summary>
internal sealed class RecordingAlertSink : IAlertSink
{
    public ConcurrentQueue<(Alert Alert, string? Link)> Sent { get; } = new();

    public string Name => "recording";

    public Task SendAsync(Alert alert, string? link, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((alert, link));
        return Task.CompletedTask;
    }
}
