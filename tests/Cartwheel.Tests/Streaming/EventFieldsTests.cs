using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>A click event's window fields, read while the record is validated, are what <c>JsonElement.TryGetProperty</c> finds.</summary>
public sealed class EventFieldsTests
{
    [Theory]
    [InlineData("""{"event_id":"e1","event_type":"product_view","product_id":"p1","session_id":"s1","device":"mobile","country":"DE","event_time":"2024-03-01T12:00:00Z"}""")]
    [InlineData("""{"event_type":"page_view","event_type":"purchase","product_id":5,"session_id":null,"device":{"type":"x"},"country":["DE"],"event_time":"2024-03-01T12:00:00Z"}""")]
    [InlineData("""{"nested":{"event_type":"search","country":"FR"},"event_time":"2024-03-01T12:00:00Z","session_id":"s\u00e9","device":"d\"q"}""")]
    [InlineData("""{"event_time":"2024-03-01T12:00:00Z","properties":{"session_id":"inner"},"event_id":"e2"}""")]
    public void Parse_WithEventFields_SameAsTheDocument(string json)
    {
        var parser = new JsonRecordParser(KindSpec.For(EntityKind.Events));
        var fields = default(RealtimeAggregator.EventFields);

        parser.Parse(Encoding.UTF8.GetBytes(json), out _, ref fields).Accepted.ShouldBeTrue();

        var root = JsonDocument.Parse(json).RootElement;
        fields.ShouldBe(new RealtimeAggregator.EventFields(Text(root, "event_type"), Text(root, "product_id"), Text(root, "session_id"), Text(root, "device"), Text(root, "country")));
    }

    [Theory]
    [InlineData("""{"event_id":"\ud800","event_time":"2024-03-01T12:00:00Z"}""")]
    [InlineData("""{"event_id":"e1","event_type":"\udc00x","event_time":"2024-03-01T12:00:00Z"}""")]
    public void Parse_LoneSurrogateEscape_InvalidJsonNotAnException(string json)
    {
        var parser = new JsonRecordParser(KindSpec.For(EntityKind.Events));
        var fields = default(RealtimeAggregator.EventFields);

        parser.Parse(Encoding.UTF8.GetBytes(json), out _, ref fields).Reason.ShouldBe(QuarantineReasons.InvalidJson);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
