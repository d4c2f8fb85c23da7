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
    public void Create_EventBytes_PadsMessagesToAboutThatSize()
    {
        var templates = MessageTemplates.Create(500, eventBytes: 2_000, seed: 3);
        foreach (var template in templates.Templates.Where(t => Encoding.UTF8.GetString(t.Bytes).Contains("\"properties\"", StringComparison.Ordinal)))
        {
            template.Bytes.Length.ShouldBeInRange(1_970, 2_030);
        }
    }
}
