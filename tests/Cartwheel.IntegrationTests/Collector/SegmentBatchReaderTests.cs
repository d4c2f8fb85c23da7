using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;
using Cartwheel.Log;
using Cartwheel.Server.Collector;
using Cartwheel.Server.Errors;
using Cartwheel.Simulation;
using Cartwheel.Simulation.Live;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>
/// The one-pass batch read gives what splitting the batch and mapping each message with the final receipt gives
/// (<see cref="SegmentMapper.Map"/> then <see cref="CollectedRecord.ToJson"/>), wherever the body puts its sentAt;
/// and the error a request fails with is the one the split-then-map order picks.
/// </summary>
public sealed class SegmentBatchReaderTests
{
    private static readonly DateTimeOffset ReceivedAt = DateTimeOffset.Parse("2024-03-01T10:00:02.345Z");
    private const string Ip = "198.51.100.1";
    private readonly SegmentMapper _mapper = new();

    public static TheoryData<string> SentAtPlaces => new()
    {
        """{"batch":[M],"sentAt":"2024-03-01T10:00:01.5Z","writeKey":"k"}""",
        """{"sentAt":"2024-03-01T10:00:01.5Z","batch":[M]}""",
        """{"batch":[M]}""",
        """{"sentAt":"2024-03-01T09:00:00Z","batch":[M],"sentAt":"2024-03-01T10:00:01Z"}""",
        """{"sentAt":"2024-03-01T09:00:00Z","batch":[M],"sentAt":"not a time"}""",
        """{"sentAt":"2024-03-01T09:00:00Z","batch":[M],"sentAt":5}""",
        """{"batch":[{"type":"page","userId":"gone","messageId":"x"}],"batch":[M],"sentAt":"2024-03-01T10:00:01Z"}""",
        """{"sentAt":"0001-01-01T00:00:00Z","batch":[{"type":"page","anonymousId":"a","messageId":"skew","timestamp":"9999-12-31T00:00:00Z"},M]}""",
        """{"batch":[M,{"type":"page","anonymousId":"a","messageId":"skew","timestamp":"9999-12-31T00:00:00Z"}],"sentAt":"0001-01-01T00:00:00Z"}""",
    };

    [Theory]
    [MemberData(nameof(SentAtPlaces))]
    public void ShopTraffic_EachRecordEqualsTheContractMappingWithTheFinalReceipt(string shape)
    {
        var messages = Traffic(600);
        // Some messages carry their own sentAt (then the batch's is not used for them), some no timestamp at all.
        for (var i = 0; i < messages.Count; i += 7)
        {
            messages[i]!["sentAt"] = "2024-03-01T10:00:00.500Z";
        }

        for (var i = 3; i < messages.Count; i += 11)
        {
            messages[i]!.AsObject().Remove("timestamp");
        }

        var body = Encoding.UTF8.GetBytes(shape.Replace("M", string.Join(",", messages.Select(m => m!.ToJsonString())), StringComparison.Ordinal));

        var appends = Read(body);

        appends.Select(Text).ShouldBe(Expected(body));
        appends.Count(a => !a.Checked.IsEmpty).ShouldBeGreaterThan(400);
    }

    [Theory]
    [InlineData("""{"batch":[G,T,{"type":"track","event":},G]}""", "collector.invalid_json", 2)] // syntax first, though message 1 is too large
    [InlineData("""{"batch":[G,{"type":"page","userId":"\ud800"},{"type":"identify"},T]}""", "collector.invalid_json", 1)]
    [InlineData("""{"batch":[G,{"type":"identify"},{"type":"page","userId":"\ud800"},T]}""", "collector.invalid_event", 1)]
    [InlineData("""{"batch":[G,T,{"type":"identify"}]}""", "collector.event_too_large", 1)]
    [InlineData("""{"batch":[G,"text",T]}""", "collector.invalid_event", 1)]
    [InlineData("""{"batch":[G,T,{"type":"pa""", "collector.invalid_json", 2)] // cut inside message 2
    [InlineData("""{"batch":[G,G,T "x"]}""", "collector.invalid_json", 3)] // no comma: blamed on the next message
    [InlineData("""{"batch":[G,T,{"type":"page","userId":"\ud800"}]}""", "collector.event_too_large", 1)]
    public void FailingBatch_ErrorOfTheSplitThenMapOrder(string shape, string code, int index)
    {
        var good = """{"type":"page","userId":"u1","messageId":"g"}""";
        var large = """{"type":"page","userId":"u1","properties":{"pad":"PAD"}}""".Replace("PAD", new string('x', 33_000), StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(shape.Replace("G", good, StringComparison.Ordinal).Replace("T", large, StringComparison.Ordinal));

        var error = Should.Throw<HttpProblemException>(() => Read(body));

        (error.Code, error.Index).ShouldBe((code, index));
    }

    private List<LogAppend> Read(byte[] body)
    {
        using var batch = new SegmentBatchReader(_mapper, 32 * 1024, body.Length);
        batch.Read(body, ReceivedAt, Ip);
        // Copied: the appends are slices of the reader's pooled buffer.
        return [.. SegmentEndpoints.BatchAppends(batch, _mapper, body, ReceivedAt, Ip).Select(a => a with { Payload = a.Payload.ToArray(), Checked = a.Checked.ToArray() })];
    }

    /// <summary>The records of the split-then-map order: each message of the (last) batch mapped with the body's final sentAt.</summary>
    private List<string> Expected(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        JsonElement batch = default;
        DateTimeOffset? sentAt = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("batch"))
            {
                batch = property.Value;
            }
            else if (property.NameEquals("sentAt") && property.Value.ValueKind == JsonValueKind.String)
            {
                sentAt = property.Value.TryGetDateTimeOffset(out var time) ? time : null;
            }
        }

        var receipt = new SegmentReceipt(ReceivedAt, sentAt, Ip);
        return [.. batch.EnumerateArray().SelectMany(m => _mapper.Map(m, receipt)).Select(r => $"{r.Kind.Name()} {r.Key} {Encoding.UTF8.GetString(r.ToJson())}")];
    }

    private static string Text(LogAppend append) => $"{append.Kind} {append.Key} {Encoding.UTF8.GetString(append.Payload.Span)}";

    private static JsonArray Traffic(int count)
    {
        var now = DateTimeOffset.Parse("2024-03-01T10:00:00Z");
        var shop = new SimulationOptions { Seed = 5, Users = 300, Products = 80, Days = 1, Start = new DateOnly(2024, 2, 29) };
        var messages = new LiveTraffic(shop, trafficSeed: 5, openSessions: 40).Next(count, now).Messages;
        foreach (var message in messages)
        {
            message!["messageId"] ??= Guid.NewGuid().ToString();
        }

        return messages;
    }
}
