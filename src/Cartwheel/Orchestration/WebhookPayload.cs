using System.Text.Json.Serialization;

namespace Cartwheel.Orchestration;

/// <summary>
/// The JSON posted to an alert webhook: Slack-compatible (<c>text</c>) plus structured fields.
/// Absent values are JSON null.
/// </summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("dag")] string? Dag,
    [property: JsonPropertyName("run_id")] string? RunId,
    [property: JsonPropertyName("task")] string? Task,
    [property: JsonPropertyName("logical_date")] string? LogicalDate,
    [property: JsonPropertyName("link")] string? Link);
