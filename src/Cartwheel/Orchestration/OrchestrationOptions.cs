namespace Cartwheel.Orchestration;

/// <summary>Settings of the orchestration engine.</summary>
public sealed record OrchestrationOptions
{
    /// <summary>The base URL of the dashboard; alert links point at <c>{BaseUrl}/runs.html#{run_id}</c>.</summary>
    public string BaseUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Concurrency pools by name and number of slots; a task naming an unknown pool is an error.</summary>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>An alert webhook URL (Slack-compatible), or null for log-only alerts.</summary>
    public Uri? AlertWebhook { get; init; }
}
