namespace Cartwheel.Orchestration;

/// <summary>Where alerts are delivered (a webhook, …). A sink throws when delivery failed; the caller records it.</summary>
public interface IAlertSink
{
    /// <summary>A short name for logs and the catalog, e.g. <c>webhook</c>.</summary>
    string Name { get; }

    /// <summary>Delivers one alert; <paramref name="link"/> is the run page, when the alert has a run.</summary>
    Task SendAsync(Alert alert, string? link, CancellationToken cancellationToken = default);
}
