using System.Text;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// The compact fast path of <see cref="EventPayloadParser"/> against its general path (<c>CompactPath = false</c>):
/// the same outcome, reason and values for every record — the test cases of the silver pass, compact edge cases and
/// thousands of mutated records — and the fast path really taken where it should be (properties left in place).
/// </summary>
public sealed class EventPayloadParserTests
{
    private const long Ingested = 1_709_546_400_000_000; // 2024-03-04T10:00:00Z

    public static TheoryData<string> Edges() =>
    [
        .. SilverEventsNativeCases.Usual().Concat(SilverEventsNativeCases.Unusual()).Concat(SilverEventsNativeCases.Later()).Select(r => r.Payload),
        SilverEventsNativeCases.Event("c1", properties: """{"price":20.00}"""),
        SilverEventsNativeCases.Event("c2", properties: """{"f":1e5}"""),
        SilverEventsNativeCases.Event("c3", properties: """{"a":-0}"""),
        SilverEventsNativeCases.Event("c4", properties: """{"a":1234567890123456789}"""),
        SilverEventsNativeCases.Event("c5", properties: """{"a\"b":1}"""),
        SilverEventsNativeCases.Event("c6", properties: """{"a":tru}"""),
        SilverEventsNativeCases.Event("c7", properties: """{"a":01}"""),
        SilverEventsNativeCases.Event("c8", properties: """{"a":1.}"""),
        SilverEventsNativeCases.Event("c9", properties: """{"a":.5}"""),
        SilverEventsNativeCases.Event("c10", properties: """{"a":[1,]}"""),
        SilverEventsNativeCases.Event("c11", properties: """{"a":"tab	inside"}"""),
        SilverEventsNativeCases.Event("c12", properties: new string('[', 40) + new string(']', 40)),
        SilverEventsNativeCases.Event("c13", properties: new string('[', 70) + new string(']', 70)),
        SilverEventsNativeCases.Event("c14", properties: """{"a":{"a":1,"a":2},"b":[{},[],"",0,-1.5,true,false,null]}"""),
        SilverEventsNativeCases.Event("c15", properties: "12.50"),
        // Decimals the fast path knows canonical without printing them, and neighbours that it leaves to the printing.
        SilverEventsNativeCases.Event("c15e", properties: """[0.1,0.3,2.675,-49.99,999999.999999,123456.7,0.05,0.001,0.10,1.0,1234567.5,9.1234567,-0.5,0.0]"""),
        // Long strings: the stop is found by the vector test, not the byte loop.
        SilverEventsNativeCases.Event("c15a", properties: $$"""{"a":"{{new string('x', 70)}}{{"\t"}}y"}"""),
        SilverEventsNativeCases.Event("c15b", properties: $$"""{"a":"{{new string('x', 50)}}\\n"}"""),
        SilverEventsNativeCases.Event("c15c", properties: $$"""{"a":"{{new string('x', 40)}}é☕😀{{new string('y', 40)}}","{{new string('k', 33)}}":1}"""),
        SilverEventsNativeCases.Event("c15d", extra: $$""","{{new string('k', 64)}}":"{{new string('v', 64)}}"""),
        SilverEventsNativeCases.Event("c16", extra: ""","x":1e5,"y":-0,"z":{"q":"a\nb"},"w":[1.00]"""),
        SilverEventsNativeCases.Event("c17", extra: ""","x":01"""),
        SilverEventsNativeCases.Event("c18") + " ",
        SilverEventsNativeCases.Event("c19") + "x",
        SilverEventsNativeCases.Event("c20")[..^1],
        SilverEventsNativeCases.Event("c21", extra: ""","zz":1,"zz":2"""),
        SilverEventsNativeCases.Event("c22", extra: ""","event_id":"again" """.TrimEnd()),
        """{"event_id":12.50,"session_id":-3,"event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
        """{"event_id":"s1","session_id":"s","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":"p7","page_url":"/p/7","device":"desktop","referrer":{"k":[1,2.5]}}}""",
        """{"event_id":"s2","session_id":"s","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":"p7","product_id":"p8"}}""",
        """{"event_id":"s3","session_id":"s","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":"text"}""",
        "{}",
        "[]",
        """{"event_id":"x",""",
        "{\"event_id\":\"x\",\"",
        """{"event_id":"x","session_id""",
        """{"event_id":"x","session_idx":"s","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
        "{",
        "",
    ];

    [Theory]
    [MemberData(nameof(Edges))]
    public void Parse_Edge_FastPathAnswersLikeTheGeneralPath(string payload) => AssertSame(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Parse_CompactRecords_TakeTheFastPathAndKeepPropertiesInPlace()
    {
        string[] compact =
        [
            SilverEventsNativeCases.Event("f1"),
            SilverEventsNativeCases.Event("f2", properties: """{"query":"café ☕","results":12,"price":19.99,"n":-7,"items":[{"sku":"a","qty":2}],"ok":true,"none":null}"""),
            SilverEventsNativeCases.Event("f3", properties: "[]"),
            SilverEventsNativeCases.Event("f4", properties: """{"price":49.99,"m":[0.1,2.675,-0.5,999999.999999,0.05]}"""),
        ];
        foreach (var payload in compact.Select(Encoding.UTF8.GetBytes))
        {
            var parser = new EventPayloadParser();
            parser.Parse(payload, Ingested).ShouldBe(EventParse.Accepted);
            parser.Properties.Scratch.ShouldBeFalse();
            AssertSame(payload);
        }
    }

    [Fact]
    public void Parse_MutatedRecords_FastPathAnswersLikeTheGeneralPath()
    {
        var random = new Random(20261203);
        var seeds = new[]
        {
            SilverEventsNativeCases.Event("m1", properties: """{"a":[1,2.5,{"b":null},true,false],"c":{},"d":[],"price":19.99,"s":"x y"}"""),
            """{"event_id":"m2","session_id":"s","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":"p7","device":"desktop","n":[1,-2]}}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var alphabet = "{}[]\",:-.0123456789etrufalsn \\\tx"u8.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var payload = (byte[])seeds[i % seeds.Length].Clone();
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                payload[random.Next(payload.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            AssertSame(payload);
        }
    }

    [Fact]
    public void Parse_RandomShortDecimals_FastPathAnswersLikeTheGeneralPath()
    {
        var random = new Random(20261203);
        var inPlace = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var integer = random.Next(3) == 0 ? "0" : random.NextInt64(1, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var fraction = random.NextInt64(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)[..random.Next(1, 7)];
            var number = (random.Next(2) == 0 ? "-" : "") + integer + "." + fraction;
            var parser = new EventPayloadParser();
            var payload = Encoding.UTF8.GetBytes(SilverEventsNativeCases.Event($"r{i}", properties: $"[{number},{number}1]"));
            if (parser.Parse(payload, Ingested) == EventParse.Accepted && !parser.Properties.Scratch)
            {
                inPlace++;
            }

            AssertSame(payload);
        }

        // Most pairs are canonical (the second number ends in 1) and kept in place by the fast path.
        inPlace.ShouldBeGreaterThan(2_500);
    }

    private static void AssertSame(byte[] payload)
    {
        var fast = new EventPayloadParser();
        var general = new EventPayloadParser { CompactPath = false };
        var label = Encoding.UTF8.GetString(payload);

        var outcome = fast.Parse(payload, Ingested);

        outcome.ShouldBe(general.Parse(payload, Ingested), label);
        if (outcome == EventParse.Unusual)
        {
            return;
        }

        (fast.Reason, fast.Detail).ShouldBe((general.Reason, general.Detail), label);
        if (outcome == EventParse.Accepted)
        {
            (fast.EventTimeMicros, fast.ClientIngestionMicros, fast.Seed004).ShouldBe((general.EventTimeMicros, general.ClientIngestionMicros, general.Seed004), label);
            Values(fast, payload).ShouldBe(Values(general, payload), label);
        }
    }

    private static List<string?> Values(EventPayloadParser parser, byte[] payload) =>
    [
        .. Enumerable.Range(0, EventPayloadParser.TextColumns).Select(parser.Column).Append(parser.Properties)
            .Select(slot => slot.IsNull ? null : Convert.ToHexString(parser.Text(slot, payload))),
    ];
}
