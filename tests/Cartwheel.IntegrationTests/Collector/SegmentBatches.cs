using System.Text.Json.Nodes;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>Segment messages as @segment/analytics-node sends them.</summary>
internal static class SegmentBatches
{
    public const string SentAt = "2024-03-01T12:00:00.000Z";

    public static JsonObject Track(string messageId, string name, JsonObject? properties = null, string? userId = "u1") => new()
    {
        ["type"] = "track",
        ["event"] = name,
        ["userId"] = userId,
        ["anonymousId"] = "anon-1",
        ["messageId"] = messageId,
        ["timestamp"] = "2024-03-01T11:59:59.000Z",
        ["properties"] = properties ?? new JsonObject(),
        ["context"] = new JsonObject
        {
            ["ip"] = "203.0.113.9",
            ["page"] = new JsonObject { ["url"] = "https://shop.example/p/1", ["referrer"] = "https://search.example/" },
            ["campaign"] = new JsonObject { ["source"] = "news", ["medium"] = "email", ["name"] = "spring" },
            ["device"] = new JsonObject { ["type"] = "mobile" },
            ["os"] = new JsonObject { ["name"] = "iOS" },
            ["location"] = new JsonObject { ["country"] = "US", ["region"] = "CA" },
        },
    };

    public static string Batch(params JsonNode[] messages) =>
        new JsonObject { ["batch"] = new JsonArray(messages), ["sentAt"] = SentAt }.ToJsonString();
}
