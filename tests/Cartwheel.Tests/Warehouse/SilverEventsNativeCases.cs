namespace Cartwheel.Tests.Warehouse;

/// <summary>Bronze event records for <see cref="SilverEventsNativeTests"/>: ones the C# pass must reproduce, and ones it must leave to DuckDB.</summary>
internal static class SilverEventsNativeCases
{
    public sealed record Record(string Payload, string? Raw, long Line, string? SourceFile = null);

    /// <summary>A native-format event (the simulator's shape) with optional overrides as raw JSON members.</summary>
    public static string Event(string id, string user = "u1", string type = "page_view", string time = "2024-03-01T10:00:00.123Z",
        string properties = """{"page_type":"home","price":19.99}""", string extra = "") =>
        $$"""{"event_id":"{{id}}","session_id":"s-{{id}}","user_id":"{{user}}","anonymous_id":"a1","event_type":"{{type}}","product_id":"p1","page_url":"/p/1","referrer":"https://ref.example/x","utm_source":"google","utm_medium":"cpc","utm_campaign":"spring","device":"mobile","os":"iOS","country":"US","state":"CA","ip":"10.0.0.1","event_time":"{{time}}","ingestion_time":"2024-03-01T10:00:01.000Z","properties":{{properties}}{{extra}}}""";

    /// <summary>Records the C# pass handles itself: valid, rejected for every reason, seed004, escapes in plain strings, odd-but-safe numbers.</summary>
    public static List<Record> Usual()
    {
        string[] payloads =
        [
            Event("e1"),
            Event("e2", properties: """{"query":"café ☕ 日本 😀","results":12,"price":20.00,"cart_value":1234567.89,"n":-7,"big":123456789012345678}"""),
            Event("e3", properties: """ { "a" : [ 1 , 2.5 , {"b" : null} , true , false ] ,  "c" : { } , "d":[] } """),
            Event("e4", properties: "\"just text\""),
            Event("e5", properties: "42"),
            Event("e6", properties: "null"),
            Event("e7", extra: ",\"page_url\":null".Replace("\"page_url\":null", "\"padding\":\"x\"", StringComparison.Ordinal)),
            """{"event_id":"e8","session_id":"s8","event_type":"search","event_time":"2024-03-01T10:00:00Z","user_id":null,"device":null}""",
            """{"event_id":"  e9  ","session_id":" s9","event_type":"page_view ","event_time":" 2024-03-01 10:00:00 ","device":"tablet"}""",
            """{"event_id":12345,"session_id":true,"event_type":"purchase","event_time":"2024-03-01T12:00:00+02:00","properties":{"revenue":99.5}}""",
            """{"event_id":"e11","session_id":"s11","event_type":"checkout_started","event_time":"2024-03-01T10:00:00.123456Z","page_url":"/p?q=a\"b\\c\u00e9\/x","referrer":"line\nbreak"}""",
            """{"event_id":"e12","session_id":"s12","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":"p7","page_url":"/p/7","device":"desktop","referrer":{"k":[1,2]}}}""",
            """{"event_id":"e13","session_id":"s13","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":77,"extra":"y"},"product_id":"pp","properties":{"z":1}}""",
            """{"event_id":"e14","session_id":"s14","event_type":"add_to_cart","event_time":"2024-03-01T10:00:00Z","event_timestamp":""}""",
            """{"event_id":"e15","session_id":"s15","event_type":"page_view","event_time":"","event_timestamp":"2024-03-01T09:00:00Z"}""",
            // Rejected, one per reason and detail.
            """{"session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"   ","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"r1","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"r2","session_id":"s","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"r3","session_id":"s","event_type":"page_view"}""",
            """{"event_id":"r4","session_id":"s","event_type":"page_view","event_time":"not-a-time"}""",
            """{"event_id":"r5","session_id":"s","event_type":"page_view","event_time":"2024-13-45T25:61:00Z"}""",
            """{"event_id":"r6","session_id":"s","event_type":"page_view","event_time":"2024-02-30T10:00:00Z"}""",
            """{"event_id":"r7","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z","ingestion_time":"garbage"}""",
            """{"event_id":"r8","session_id":"s","event_type":"teleport","event_time":"2024-03-01T10:00:00Z"}""",
            """{"event_id":"r9","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z","device":"toaster"}""",
            """{"event_id":"r10","session_id":"s","event_type":"page_view","event_time":"1999-12-31T23:59:59Z"}""",
            """{"event_id":"r11","session_id":"s","event_type":"page_view","event_time":"2024-03-06T10:00:00Z"}""",
            """{"event_id":"r12","session_id":"s","event_type":"Page_View","event_time":"2024-03-01T10:00:00Z","raw":"x"}""",
            """{"Event_ID":"r13","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z"}""",
            // Duplicates within the file: the earlier line wins.
            Event("e1", user: "second copy"),
            Event("e2", user: "second copy"),
        ];
        return [.. payloads.Select((p, i) => new Record(p, i % 4 == 3 ? $"raw,line,{i}" : null, i + 1))];
    }

    /// <summary>A later ingest: copies of <see cref="Usual"/>'s events (they lose) and new ones.</summary>
    public static List<Record> Later() =>
    [
        new(Event("e1", user: "later copy"), null, 1),
        new(Event("e3", user: "later copy"), null, 2),
        new(Event("n1"), null, 3),
        new("""{"event_id":"r20","session_id":"s","event_type":"page_view","event_time":"2024-03-01T10:00:00Z","device":"fridge"}""", "csv,line", 4),
        new(Event("n1", user: "later copy"), null, 5),
    ];

    /// <summary>Records the C# pass must leave to DuckDB (each alone sends its partition to the SQL path).</summary>
    public static List<Record> Unusual()
    {
        string[] payloads =
        [
            Event("u1"),
            Event("u2", properties: """{"note":"a\nb"}"""),
            Event("u3", properties: """{"big":123456789012345678901234}"""),
            Event("u4", properties: """{"f":1e5,"g":0.0001}"""),
            """{"event_id":"u5","event_id":"u5b","session_id":"s","event_type":"page_view","event_time":"2024-03-02T10:00:00Z"}""",
            """{"event\u005fid":"u6","session_id":"s","event_type":"page_view","event_time":"2024-03-02T10:00:00Z"}""",
            """{"event_id":"\tu7","session_id":"s","event_type":"page_view","event_time":"2024-03-02T10:00:00Z"}""",
            """{"event_id":"u8","session_id":"s","event_type":"page_view","event_time":"2024-03-02T10:00:00+0200"}""",
            """{"event_id":"u9","session_id":"s","event_type":"page_view","event_time":"2024-03-02"}""",
            """{"event_id":"u10","session_id":"s","event_type":"page_view","event_time":"2024-03-02T10:00:00Z","properties":{"p":20.00,"q":-0.5}}""",
        ];
        return [.. payloads.Select((p, i) => new Record(p, null, i + 1))];
    }
}
