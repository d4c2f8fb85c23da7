using System.Text;
using System.Text.Json;
using Cartwheel.Cli.Bench;

namespace Cartwheel.IntegrationTests.Bench;

/// <summary>The load generator's messages: realistic e-commerce Segment messages, unique ids, the send time, valid JSON bodies.</summary>
public sealed class MessageTemplatesUnitTests
{
    [Fact]
    public void Build_Batch_IsValidSegmentJsonWithUniqueIdsTheSendTimeAndTheClickEventCount()
    {
        var templates = MessageTemplates.Create(2_000, eventBytes: 0, seed: 3);
        var builder = new BatchBuilder(templates, runTag: 0xabcdef01, connection: 2);
        var now = new DateTime(2026, 11, 23, 18, 5, 6, 789, DateTimeKind.Utc);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 8; b++)
        {
            builder.Build(250, now);
            using var body = JsonDocument.Parse(builder.Body);
            body.RootElement.GetProperty("sentAt").GetString().ShouldBe("2026-11-23T18:05:06.789Z");
            var clicks = 0;
            foreach (var message in body.RootElement.GetProperty("batch").EnumerateArray())
            {
                var id = message.GetProperty("messageId").GetString()!;
                ids.Add(id).ShouldBeTrue($"messageId {id} repeats");
                id.ShouldStartWith("abcdef010002");
                message.GetProperty("timestamp").GetString().ShouldBe("2026-11-23T18:05:06.789Z");
                var type = message.GetProperty("type").GetString()!;
                var name = type == "track" ? message.GetProperty("event").GetString()! : type;
                names[name] = names.GetValueOrDefault(name) + 1;
                if (name is "Order Completed" or "Order Refunded")
                {
                    message.GetProperty("properties").GetProperty("order_id").GetString().ShouldBe(id);
                }

                if (name == "identify")
                {
                    message.GetProperty("userId").GetString().ShouldBe(id);
                }

                clicks += type == "page" || (type == "track" && name != "Order Refunded") ? 1 : 0;
            }

            builder.ClickEvents.ShouldBe(clicks);
        }

        ids.Count.ShouldBe(2_000);
        foreach (var expected in new[] { "page", "Product Viewed", "Product Added", "Checkout Started", "Order Completed", "identify" })
        {
            names.ShouldContainKey(expected);
        }
    }

    [Fact]
    public void Build_FreshSessions_EachPassGetsNewSessionIdsKeepingTheSessionsWithinAPass()
    {
        var templates = MessageTemplates.Create(1_000, eventBytes: 0, seed: 3);
        var original = templates.Templates.Select(Session).ToList();
        var fresh = new BatchBuilder(templates, runTag: 1, connection: 3, freshSessions: true);
        var repeating = new BatchBuilder(templates, runTag: 1, connection: 3);
        var passes = new List<string?>[2];
        for (var pass = 0; pass < 2; pass++)
        {
            fresh.Build(1_000, DateTime.UtcNow);
            passes[pass] = Sessions(fresh.Body);
            repeating.Build(1_000, DateTime.UtcNow);
            Sessions(repeating.Body).ToHashSet().SetEquals(original).ShouldBeTrue();
        }

        // Within a pass the messages of one original session share one new id; the passes share none.
        var start = 3 * 7919 % 1_000;
        for (var pass = 0; pass < 2; pass++)
        {
            var pairs = passes[pass].Select((s, i) => (Original: original[(start + i) % 1_000], Fresh: s)).Where(p => p.Original is not null).Distinct().ToList();
            pairs.Select(p => p.Original).Distinct().Count().ShouldBe(pairs.Count);
            pairs.Select(p => p.Fresh).Distinct().Count().ShouldBe(pairs.Count);
            pairs.ShouldAllBe(p => p.Fresh!.Length == p.Original!.Length && p.Fresh.EndsWith("0003" + pass.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        passes[0].Where(s => s is not null).Intersect(passes[1]).ShouldBeEmpty();
    }

    private static string? Session(MessageTemplate template)
    {
        using var message = JsonDocument.Parse(template.Bytes.AsMemory());
        return message.RootElement.TryGetProperty("context", out var context) && context.TryGetProperty("sessionId", out var id) ? id.GetString() : null;
    }

    private static List<string?> Sessions(ReadOnlyMemory<byte> body)
    {
        using var batch = JsonDocument.Parse(body);
        return batch.RootElement.GetProperty("batch").EnumerateArray()
            .Select(m => m.TryGetProperty("context", out var context) && context.TryGetProperty("sessionId", out var id) ? id.GetString() : null).ToList();
    }

    [Fact]
    public void Create_EventBytes_PadsMessagesToAboutThatSize()
    {
        var templates = MessageTemplates.Create(500, eventBytes: 2_000, seed: 3);
        foreach (var template in templates.Templates.Where(t => Encoding.UTF8.GetString(t.Bytes).Contains("\"properties\"", StringComparison.Ordinal)))
        {
            template.Bytes.Length.ShouldBeInRange(1_970, 2_030);
        }
    }
}
