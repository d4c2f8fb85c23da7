using System.Globalization;
using System.Net.Http.Json;
using Polly;
using Polly.Retry;

namespace Cartwheel.Orchestration;

/// <summary>
/// Posts alerts as <see cref="WebhookPayload"/> JSON (Slack-compatible) to a URL, retrying transient failures
/// (network errors, 5xx, 429) with exponential backoff through Polly.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ResiliencePipeline _pipeline;

    /// <param name="retries">Retries after the first POST (default 3).</param>
    /// <param name="retryDelay">The first backoff delay (default 1 s), doubling with jitter.</param>
    public WebhookAlertSink(HttpClient http, Uri url, TimeProvider timeProvider, int retries = 3, TimeSpan? retryDelay = null)
    {
        _http = http;
        _url = url;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = retryDelay ?? TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TaskCanceledException>(),
            });
        }

        _pipeline = builder.Build();
    }

    public string Name => "webhook";

    public async Task SendAsync(Alert alert, string? link, CancellationToken cancellationToken = default)
    {
        var payload = ToPayload(alert, link);
        await _pipeline.ExecuteAsync(async token =>
        {
            using var response = await _http.PostAsJsonAsync(_url, payload, OrchestrationJsonContext.Default.WebhookPayload, token);
            response.EnsureSuccessStatusCode();
        }, cancellationToken);
    }

    /// <summary>The JSON body of an alert.</summary>
    public static WebhookPayload ToPayload(Alert alert, string? link) => new(
        link is null ? alert.Text : $"{alert.Text} <{link}|run>",
        StatusText.Of(alert.Kind),
        alert.DagId,
        alert.RunId,
        alert.TaskId,
        alert.LogicalDate?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        link);
}
