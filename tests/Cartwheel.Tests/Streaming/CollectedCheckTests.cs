using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Ingest.Segment;
using Cartwheel.Log;
using Cartwheel.Simulation;
using Cartwheel.Simulation.Live;
using Cartwheel.Streaming;
using Cartwheel.Tests.Ingest;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// The form the collector logs beside a click event gives the stream exactly what <see cref="JsonRecordParser"/> derives
/// from the payload (outcome, event time, id bytes, window fields), on the shop's traffic, on every kind of simple
/// Segment message and on mutated messages; and a stream that reads forms commits and aggregates what one that parses does.
/// </summary>
public sealed class CollectedCheckTests : StreamFixture
{
    private static readonly SegmentReceipt Receipt = new(DateTimeOffset.Parse("2024-03-01T10:00:02.345Z"), null, "198.51.100.1");
    private static readonly JsonRecordParser Parser = new(KindSpec.For(EntityKind.Events));
    private readonly SegmentMapper _mapper = new(new SegmentEventMap(new Dictionary<string, ClickEventType> { ["Wishlist Added"] = ClickEventType.AddToCart }));

    [Fact]
    public void ShopTraffic_EveryClickEventHasAForm_EqualToTheParse()
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var written = 0;
        foreach (var message in Traffic(4000))
        {
            if (Write(message) is not { } record)
            {
                continue;
            }

            var (payload, form) = record;
            written++;
            form.Length.ShouldBe(CollectedCheck.Size);
            types.Add(AssertSameAsParse(payload, form).EventType!);
        }

        written.ShouldBeGreaterThan(3000);
        types.ShouldBe(["add_to_cart", "checkout_started", "page_view", "product_view", "remove_from_cart", "search"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(SegmentMapperFastPathTests.Simple), MemberType = typeof(SegmentMapperFastPathTests))]
    public void SimpleMessage_FormEqualToTheParse_OrNone(string json)
    {
        var (payload, form) = Write(Encoding.UTF8.GetBytes(json)).ShouldNotBeNull();

        if (form.Length > 0)
        {
            AssertSameAsParse(payload, form);
        }
        else
        {
            // No form only when a checked value needs unescaping.
            payload.AsSpan().IndexOf((byte)'\\').ShouldBeGreaterThanOrEqualTo(0);
        }
    }

    [Fact]
    public void MutatedMessages_FormEqualToTheParse()
    {
        var random = new Random(20261203);
        var bases = Traffic(200).Concat(SegmentMapperFastPathTests.Simple.Select(row => Encoding.UTF8.GetBytes(row.Data))).ToList();
        int forms = 0, none = 0;
        for (var i = 0; i < 5000; i++)
        {
            var message = Mutate(bases[random.Next(bases.Count)], random);
            if (Write(message) is not { } record)
            {
                continue;
            }

            var (payload, form) = record;
            if (form.Length == 0)
            {
                none++;
                continue;
            }

            forms++;
            AssertSameAsParse(payload, form);
        }

        forms.ShouldBeGreaterThan(1000);
        none.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Form_OutsideThePayloadOrOtherVersion_Ignored()
    {
        var (payload, form) = Write(Traffic(1)[0]).ShouldNotBeNull();

        CollectedCheck.TryRead(form, payload.Length, out _).ShouldBeTrue();
        CollectedCheck.TryRead(form, 10, out _).ShouldBeFalse();
        CollectedCheck.TryRead([2, .. form[1..]], payload.Length, out _).ShouldBeFalse();
        CollectedCheck.TryRead(form[..^1], payload.Length, out _).ShouldBeFalse();
        StreamProcessor.FromCollector(new LogRecord(0, 0, "events", null, payload, DateTimeOffset.UnixEpoch), out _, out _).ShouldBeNull();
    }

    [Fact]
    public async Task Stream_WithForms_CommitsAndAggregatesWhatItDoesParsing()
    {
        // Times near now, so that they are plausible and inside the windows.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var receipt = new SegmentReceipt(now, null, "198.51.100.1");
        var records = Traffic(3000, now).Select(m => Write(m, receipt)).OfType<(byte[] Payload, byte[] Form)>().ToList();
        records.Count(r => r.Form.Length > 0).ShouldBeGreaterThan(2000);
        await Log.AppendAsync([.. records.Select((r, i) => new LogAppend("events", "k" + (i % 97), r.Payload, r.Form))], Token);
        using var plain = new Plain();
        await plain.Log.AppendAsync([.. records.Select((r, i) => new LogAppend("events", "k" + (i % 97), r.Payload))], Token);
        var store = new MemoryRealtimeStore();
        var plainStore = new MemoryRealtimeStore();

        var batches = await DrainAsync(NewProcessor(store: store));
        var plainBatches = await DrainAsync(plain.NewProcessor(store: plainStore));

        batches.Sum(b => b.Accepted).ShouldBe(records.Count);
        plainBatches.Sum(b => b.Accepted).ShouldBe(records.Count);
        StoreState(store).ShouldBe(StoreState(plainStore));
        ReadBronze("events").ShouldBe(plain.Bronze("events"));
    }

    private static List<byte[]> Traffic(int count, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.Parse("2024-03-01T10:00:00Z");
        var shop = new SimulationOptions { Seed = 11, Users = 400, Products = 120, Days = 1, Start = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-1) };
        return [.. new LiveTraffic(shop, trafficSeed: 11, openSessions: 40).Next(count, at).Messages.Select(m => Encoding.UTF8.GetBytes(m!.ToJsonString()))];
    }

    /// <summary>The click event the collector writes of a message and its form (empty when none); null when the fast path declines it.</summary>
    private (byte[] Payload, byte[] Form)? Write(byte[] message) => Write(message, Receipt);

    private (byte[] Payload, byte[] Form)? Write(byte[] message, SegmentReceipt receipt)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        var reader = new Utf8JsonReader(message);
        bool wrote;
        ClickEventWritten written;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            wrote = _mapper.TryWriteClickEvent(ref reader, message, receipt, writer, out written);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }

        if (!wrote)
        {
            return null;
        }

        writer.Flush();
        var payload = buffer.WrittenSpan.ToArray();
        var form = new byte[CollectedCheck.Size];
        return (payload, form[..CollectedCheck.TryWrite(payload, written.Layout, form)]);
    }

    private static RealtimeAggregator.EventFields AssertSameAsParse(byte[] payload, byte[] form)
    {
        var parsedFields = default(RealtimeAggregator.EventFields);
        var parsed = Parser.Parse(payload, out var parsedId, ref parsedFields);
        var collected = StreamProcessor.FromCollector(new LogRecord(0, 0, "events", null, payload, DateTimeOffset.UnixEpoch, form), out var id, out var fields);

        collected.ShouldBe(parsed);
        id.ShouldBe(parsedId);
        fields.ShouldBe(parsedFields);
        return fields;
    }

    private static readonly string[] Values =
    [
        "", "x", "caf\\u00e9", "café", "a\\\"b", "<b>", "a+b", "\\ud83d\\ude00", "😀", "12", "page_view", "product_view", "mobile",
        "2024-03-01T10:00:00Z", "2024-03-01T10:00:00.1234567+14:00", "2024-02-30T10:00:00Z", "yesterday",
    ];

    private static readonly string[] Names =
    [
        "type", "event", "userId", "anonymousId", "messageId", "timestamp", "sentAt", "originalTimestamp", "product_id", "sku",
        "session_id", "sessionId", "country", "region", "url", "userAgent", "device", "event_type",
    ];

    /// <summary>A message with one of its string values or names replaced, a value turned into a number, null or object, or a property repeated.</summary>
    private static byte[] Mutate(byte[] message, Random random)
    {
        var text = Encoding.UTF8.GetString(message);
        var strings = System.Text.RegularExpressions.Regex.Matches(text, "\"(?:[^\"\\\\]|\\\\.)*\"");
        if (strings.Count == 0)
        {
            return message;
        }

        var target = strings[random.Next(strings.Count)];
        var replacement = random.Next(6) switch
        {
            0 => "\"" + Names[random.Next(Names.Length)] + "\"",
            1 => random.Next(3) switch { 0 => "42", 1 => "null", _ => "{\"country\":\"FR\"}" },
            _ => "\"" + Values[random.Next(Values.Length)] + "\"",
        };
        text = text[..target.Index] + replacement + text[(target.Index + target.Length)..];
        if (random.Next(4) == 0 && text.StartsWith('{') && text.Length > 2)
        {
            text = "{\"" + Names[random.Next(Names.Length)] + "\":\"" + Values[random.Next(Values.Length)] + "\"," + text[1..];
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private sealed class Plain : StreamFixture
    {
        public List<(string? RecordId, string Source, long Line)> Bronze(string kind) => ReadBronze(kind);
    }
}
