using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Server.Options;

/// <summary>Settings of the HTTP collector (section <c>Cartwheel:Collector</c>).</summary>
public sealed class CollectorOptions : ISelfValidating
{
    /// <summary>The write keys sources authenticate with (Segment style: the Basic auth user name, or <c>writeKey</c> in the body).</summary>
    public List<string> WriteKeys { get; set; } = [];

    /// <summary>The largest request body, after decompression (Segment: 500 KB).</summary>
    public int MaxBatchBytes { get; set; } = 500 * 1024;

    /// <summary>The largest single event (Segment: 32 KB).</summary>
    public int MaxEventBytes { get; set; } = 32 * 1024;

    /// <summary>Requests per second each write key may send on average (token bucket).</summary>
    public int RequestsPerSecond { get; set; } = 1_000;

    /// <summary>How many requests a write key may send at once above the average.</summary>
    public int Burst { get; set; } = 2_000;

    /// <summary>
    /// Back-pressure: requests are held, then refused with 429 <c>collector.stream_lagging</c>, while the stream's oldest
    /// unprocessed record is older than this …
    /// </summary>
    public TimeSpan MaxStreamLag { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>… and at least this many records are unprocessed (a small backlog is caught up by the next micro-batch).</summary>
    public long MinStreamLagRecords { get; set; } = 10_000;

    /// <summary>How long a request waits for the stream's lag to fall before it is refused.</summary>
    public TimeSpan StreamLagWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Extra Segment event names → click event type (<c>"Video Played": "page_view"</c>).</summary>
    public Dictionary<string, string> EventMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The click event type of track events no map names (they keep their name and properties).</summary>
    public string UnknownEventType { get; set; } = "page_view";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (WriteKeys.Count == 0 || WriteKeys.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Collector:WriteKeys must hold at least one non-blank key (serve --write-key KEY).");
        }

        if (MaxEventBytes < 1024 || MaxBatchBytes < MaxEventBytes)
        {
            errors.Add("Collector:MaxEventBytes must be at least 1024 and Collector:MaxBatchBytes at least MaxEventBytes.");
        }

        if (RequestsPerSecond < 1 || Burst < 1)
        {
            errors.Add("Collector:RequestsPerSecond and Collector:Burst must be positive.");
        }

        if (MaxStreamLag <= TimeSpan.Zero || MinStreamLagRecords < 0 || StreamLagWait < TimeSpan.Zero)
        {
            errors.Add("Collector:MaxStreamLag must be positive, Collector:MinStreamLagRecords and Collector:StreamLagWait not negative.");
        }

        foreach (var (name, type) in EventMap.Append(new("(unknown events)", UnknownEventType)))
        {
            if (ParseType(type) is null)
            {
                errors.Add($"Collector event type '{type}' of '{name}' is not a click event type (page_view, product_view, search, …).");
            }
        }

        return errors;
    }

    internal SegmentEventMap BuildEventMap() =>
        new(EventMap.ToDictionary(p => p.Key, p => ParseType(p.Value)!.Value), ParseType(UnknownEventType)!.Value);

    private static ClickEventType? ParseType(string text)
    {
        try
        {
            return JsonSerializer.Deserialize("\"" + text + "\"", ContractsJsonContext.Default.ClickEventType);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
