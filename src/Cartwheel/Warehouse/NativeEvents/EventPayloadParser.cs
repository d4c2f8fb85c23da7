using System.Text;
using System.Text.Json;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// <c>sql/silver/events.sql</c> for one bronze record, in C#: one <see cref="Utf8JsonReader"/> pass over the payload
/// gives the text DuckDB's <c>json_transform(payload, {…: VARCHAR})</c> gives each field (strings unescaped, other
/// values re-serialised minified), then the same typing, coalescing and checks in the same order, with the same
/// quarantine reasons. Whatever it does not reproduce with certainty (escaped names, duplicate keys, escapes inside
/// nested JSON, numbers yyjson would print differently, unusual timestamps, whitespace other than spaces around a
/// value) makes the record <see cref="EventParse.Unusual"/>: its record set is left to DuckDB. One instance per thread.
/// </summary>
internal sealed partial class EventPayloadParser
{
    /// <summary>The silver text columns <c>event_id</c> … <c>ip</c>, in file order.</summary>
    public const int TextColumns = 16;

    private const int EventTimeField = 16, EventTimestampField = 17, IngestionTimeField = 18, PropertiesField = 19, EventDetailsField = 20;
    private const int DeviceColumn = 11, EventTypeColumn = 4;
    private const long Year2000Micros = 946_684_800_000_000;
    private const long MicrosPerDay = 86_400_000_000;

    private static readonly byte[][] FieldNames = [.. new[]
    {
        "event_id", "session_id", "user_id", "anonymous_id", "event_type", "product_id", "page_url", "referrer", "utm_source",
        "utm_medium", "utm_campaign", "device", "os", "country", "state", "ip", "event_time", "event_timestamp", "ingestion_time",
        "properties", "event_details",
    }.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The keys of <c>event_details</c> that fill the columns <see cref="DetailColumns"/> (product_id, page_url, referrer, device).</summary>
    private static readonly byte[][] DetailKeys = [.. new[] { "product_id", "page_url", "referrer", "device" }.Select(Encoding.UTF8.GetBytes)];

    private static readonly int[] DetailColumns = [5, 6, 7, 11];

    private static readonly byte[][] EventTypes = [.. new[] { "page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_started", "purchase" }
        .Select(Encoding.UTF8.GetBytes)];

    private static readonly byte[][] Devices = [.. new[] { "desktop", "mobile", "tablet" }.Select(Encoding.UTF8.GetBytes)];

    private readonly JsonTextSlot[] _fields = new JsonTextSlot[FieldNames.Length];
    private readonly JsonTextSlot[] _details = new JsonTextSlot[DetailKeys.Length];
    private readonly JsonTextSlot[] _columns = new JsonTextSlot[TextColumns];
    private byte[] _scratch = new byte[4096];
    private int _scratchLength;

    /// <summary>The silver text column <paramref name="column"/> (0 … 15) of the last accepted record.</summary>
    public JsonTextSlot Column(int column) => _columns[column];

    /// <summary>The <c>properties</c> column (the raw VARCHAR of properties, else of event_details).</summary>
    public JsonTextSlot Properties { get; private set; }

    public bool Seed004 { get; private set; }

    public long EventTimeMicros { get; private set; }

    public long? ClientIngestionMicros { get; private set; }

    public string? Reason { get; private set; }

    public string? Detail { get; private set; }

    /// <summary>The bytes of a slot of the last parsed record.</summary>
    public ReadOnlySpan<byte> Text(JsonTextSlot slot, ReadOnlySpan<byte> payload) =>
        slot.IsNull ? default : slot.Scratch ? _scratch.AsSpan(slot.Offset, slot.Length) : payload.Slice(slot.Offset, slot.Length);

    /// <summary>Parses, types and checks one record ingested at <paramref name="ingestionMicros"/> (bronze's ingestion time).</summary>
    public EventParse Parse(ReadOnlySpan<byte> payload, long ingestionMicros)
    {
        Reason = Detail = null;
        try
        {
            if (!Fields(payload) || !Type(payload))
            {
                return EventParse.Unusual;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return EventParse.Unusual;
        }

        return Check(payload, ingestionMicros);
    }

    /// <summary>json_transform: the VARCHAR of each of the 21 fields.</summary>
    private bool Fields(ReadOnlySpan<byte> payload)
    {
        _scratchLength = 0;
        return Members(payload, new JsonTextSlot(0, payload.Length, false), FieldNames, _fields);
    }

    /// <summary>The typed columns: cw_text of each text field, event_details' values where the field is absent.</summary>
    private bool Type(ReadOnlySpan<byte> payload)
    {
        _details.AsSpan().Fill(JsonTextSlot.Null);
        var details = _fields[EventDetailsField];
        if (!details.IsNull && !Members(payload, details, DetailKeys, _details))
        {
            return false;
        }

        for (var c = 0; c < TextColumns; c++)
        {
            if (!Trimmed(payload, _fields[c], out _columns[c]))
            {
                return false;
            }
        }

        for (var d = 0; d < DetailColumns.Length; d++)
        {
            var column = DetailColumns[d];
            if (_columns[column].IsNull && !Trimmed(payload, _details[d], out _columns[column]))
            {
                return false;
            }
        }

        Properties = _fields[PropertiesField].IsNull ? details : _fields[PropertiesField];
        Seed004 = !details.IsNull || !_fields[EventTimestampField].IsNull;
        return true;
    }

    private EventParse Check(ReadOnlySpan<byte> payload, long ingestionMicros)
    {
        if (!Trimmed(payload, _fields[EventTimeField], out var timeText) || !Trimmed(payload, _fields[EventTimestampField], out var timestampText)
            || !Trimmed(payload, _fields[IngestionTimeField], out var clientText))
        {
            return EventParse.Unusual;
        }

        var time = timeText.IsNull ? timestampText : timeText;
        long eventMicros = 0, clientMicros = 0;
        var timeParse = time.IsNull ? TimestampParse.Null : TimestampText.Parse(Text(time, payload), out eventMicros);
        var clientParse = clientText.IsNull ? TimestampParse.Null : TimestampText.Parse(Text(clientText, payload), out clientMicros);
        if (timeParse == TimestampParse.Unusual || clientParse == TimestampParse.Unusual)
        {
            return EventParse.Unusual;
        }

        EventTimeMicros = timeParse == TimestampParse.Value ? eventMicros : 0;
        ClientIngestionMicros = clientParse == TimestampParse.Value ? clientMicros : null;
        var eventType = _columns[EventTypeColumn];
        var device = _columns[DeviceColumn];
        (Reason, Detail) = true switch
        {
            _ when _columns[0].IsNull => ("missing_key", "event_id"),
            _ when _columns[1].IsNull => ("missing_key", "session_id"),
            _ when eventType.IsNull => ("missing_key", "event_type"),
            _ when time.IsNull => ("missing_key", "event_time"),
            _ when timeParse == TimestampParse.Null => ("invalid_type", "event_time"),
            _ when !clientText.IsNull && clientParse == TimestampParse.Null => ("invalid_type", "ingestion_time"),
            _ when !OneOf(Text(eventType, payload), EventTypes) => ("invalid_value", "event_type"),
            _ when !device.IsNull && !OneOf(Text(device, payload), Devices) => ("invalid_value", "device"),
            _ when EventTimeMicros < Year2000Micros || EventTimeMicros > ingestionMicros + MicrosPerDay => ("invalid_value", "event_time"),
            _ => ((string?)null, (string?)null),
        };
        return Reason is null ? EventParse.Accepted : EventParse.Rejected;
    }

    private static bool OneOf(ReadOnlySpan<byte> value, byte[][] allowed)
    {
        foreach (var a in allowed)
        {
            if (value.SequenceEqual(a))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of a key in <paramref name="names"/>, trying <paramref name="expected"/> first (writers keep their key order).</summary>
    private static int IndexOf(ReadOnlySpan<byte> name, byte[][] names, int expected)
    {
        if (expected < names.Length && name.SequenceEqual(names[expected]))
        {
            return expected;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
