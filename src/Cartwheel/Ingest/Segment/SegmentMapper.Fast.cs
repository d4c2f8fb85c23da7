using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>
/// The collector's fast path: a <c>track</c> (not an order event), <c>page</c> or <c>screen</c> message — nearly all
/// traffic — read in one <see cref="Utf8JsonReader"/> pass and written straight as the click event's contract JSON,
/// with no DOM, no contract object and no re-serialisation. The bytes equal what <see cref="Map"/> followed by
/// <see cref="CollectedRecord.ToJson"/> produces (SegmentMapperFastPathTests compares them); every other message,
/// and every message the fast path finds anything unusual in (missing ids, an unparsable time, invalid JSON), goes
/// to <see cref="Map"/>, which gives the record or the exact error as before.
/// </summary>
public sealed partial class SegmentMapper
{
    // Bytes after which a raw JSON value would not be written back byte for byte by Utf8JsonWriter with the default
    // encoder: whitespace (minified away), escapes, the characters JavaScriptEncoder.Default escapes, and non-ASCII.
    private static readonly SearchValues<byte> NotVerbatim = SearchValues.Create(
        [.. Enumerable.Range(0, 0x21).Select(b => (byte)b), (byte)'\\', (byte)'<', (byte)'>', (byte)'&', (byte)'\'', (byte)'+', (byte)'`',
            .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    // The same for the content of a string token, in which a space is written as it is (bytes below 0x20 cannot occur).
    private static readonly SearchValues<byte> NotVerbatimInString = SearchValues.Create(
        [(byte)'\\', (byte)'<', (byte)'>', (byte)'&', (byte)'\'', (byte)'+', (byte)'`', .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    /// <summary>
    /// Writes the click event of a simple message (see the class remarks) to <paramref name="writer"/> and returns
    /// true with its partitioning key; returns false, having written nothing, for messages <see cref="Map"/> must take.
    /// </summary>
    public bool TryWriteClickEvent(ReadOnlySpan<byte> message, SegmentReceipt receipt, string? impliedType, Utf8JsonWriter writer, out string? key)
    {
        key = null;
        var fields = new FastFields(message);
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadTop(ref reader, ref fields);
            if (reader.Read())
            {
                return false; // Data after the object: invalid JSON, Map says so.
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var written = TryWrite(ref fields, receipt, impliedType, writer, out var click);
        key = click.Key;
        return written;
    }

    /// <summary>
    /// The batch form of <see cref="TryWriteClickEvent(ReadOnlySpan{byte}, SegmentReceipt, string?, Utf8JsonWriter, out string?)"/>:
    /// reads the message that starts at <paramref name="reader"/>'s current <c>StartObject</c> in <paramref name="json"/>
    /// (a whole request body; the reader ends on the message's <c>EndObject</c>, so one reader splits and reads the batch
    /// in one pass) and writes its click event, or returns false having written nothing. Throws what the reader throws
    /// on invalid JSON, and <see cref="InvalidOperationException"/> for a string no text can hold.
    /// </summary>
    internal bool TryWriteClickEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, SegmentReceipt receipt, Utf8JsonWriter writer, out ClickEventWritten written)
    {
        var fields = new FastFields(json);
        ReadTop(ref reader, ref fields);
        return TryWrite(ref fields, receipt, null, writer, out written);
    }

    private bool TryWrite(ref FastFields fields, SegmentReceipt receipt, string? impliedType, Utf8JsonWriter writer, out ClickEventWritten written)
    {
        written = default;
        ClickEventType eventType;
        string? segmentEvent = null;
        var isTrack = false;
        if (fields.Is(Field.Type, "page"u8, impliedType) || fields.Is(Field.Type, "screen"u8, impliedType))
        {
            eventType = ClickEventType.PageView;
        }
        else if (fields.Is(Field.Type, "track"u8, impliedType) && fields.Has(Field.Event))
        {
            if (!TryEventType(ref fields, out eventType, out var known))
            {
                return false;
            }

            segmentEvent = known ? null : fields[Field.Event];
            isTrack = true;
        }
        else
        {
            return false;
        }

        if ((!fields.Has(Field.UserId) && !fields.Has(Field.AnonymousId)) || !TryCorrectedTime(ref fields, receipt, out var eventTime, out var timestamp))
        {
            return false;
        }

        var userId = fields.Has(Field.UserId) ? Field.UserId : Field.AnonymousId;
        var anonymousId = fields.Has(Field.AnonymousId) ? Field.AnonymousId : Field.UserId;
        var key = fields[userId];
        var received = SegmentJson.Milliseconds(receipt.ReceivedAt);
        var layout = default(ClickEventLayout);
        var origin = Mark(writer);
        // Fields that are only copied go from the message's bytes to the output (FastFields.Write), without a string.
        // The layout keeps where the values the stream checks start and end (ClickEventLayout).
        writer.WriteStartObject();
        writer.WritePropertyName(Contract.EventId);
        var at = Mark(writer);
        if (fields.Has(Field.MessageId))
        {
            fields.WriteValue(writer, Field.MessageId);
        }
        else
        {
            writer.WriteStringValue(Guid.CreateVersion7().ToString());
        }

        layout.Set(ClickEventLayout.EventId, at - origin, Mark(writer) - origin);
        writer.WritePropertyName(Contract.SessionId);
        at = Mark(writer);
        fields.WriteFirstValue(writer, anonymousId, Field.ContextSessionId, Field.ContextSession_Id, Field.PropertiesSessionId);
        layout.Set(ClickEventLayout.SessionId, at - origin, Mark(writer) - origin);
        writer.WritePropertyName(Contract.UserId);
        if (fields.Has(Field.UserId))
        {
            fields.WriteValue(writer, Field.UserId);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName(Contract.AnonymousId);
        fields.WriteValue(writer, anonymousId);
        writer.WritePropertyName(Contract.EventType);
        at = Mark(writer);
        writer.WriteStringValue(Contract.TypeName(eventType));
        layout.Set(ClickEventLayout.EventType, at - origin, Mark(writer) - origin);
        writer.WritePropertyName(Contract.ProductId);
        at = Mark(writer);
        if (isTrack)
        {
            fields.WriteFirstValue(writer, null, Field.PropertiesProductId, Field.PropertiesSku);
        }
        else
        {
            writer.WriteNullValue();
        }

        layout.Set(ClickEventLayout.ProductId, at - origin, Mark(writer) - origin);
        fields.WriteFirst(writer, Contract.PageUrl, string.Empty, Field.PropertiesUrl, Field.PageUrl);
        fields.WriteFirst(writer, Contract.Referrer, null, Field.PropertiesReferrer, Field.PageReferrer);
        fields.WriteFirst(writer, Contract.UtmSource, null, Field.CampaignSource);
        fields.WriteFirst(writer, Contract.UtmMedium, null, Field.CampaignMedium);
        fields.WriteFirst(writer, Contract.UtmCampaign, null, Field.CampaignName);
        writer.WritePropertyName(Contract.Device);
        at = Mark(writer);
        writer.WriteStringValue(Contract.DeviceName(DeviceOf(ref fields)));
        layout.Set(ClickEventLayout.Device, at - origin, Mark(writer) - origin);
        fields.WriteFirst(writer, Contract.Os, null, Field.OsName);
        writer.WritePropertyName(Contract.Country);
        at = Mark(writer);
        fields.WriteFirstValue(writer, null, Field.LocationCountry);
        layout.Set(ClickEventLayout.Country, at - origin, Mark(writer) - origin);
        fields.WriteFirst(writer, Contract.State, null, Field.LocationRegion);
        fields.WriteFirst(writer, Contract.Ip, receipt.RemoteIp, Field.ContextIp);
        at = WriteTime(writer, Contract.EventTime, eventTime);
        layout.Set(ClickEventLayout.EventTime, at - origin, at - origin + QuotedTimeLength);
        WriteTime(writer, Contract.IngestionTime, received);
        writer.WritePropertyName(Contract.Properties);
        if (segmentEvent is not null)
        {
            writer.WriteStartObject();
            writer.WriteString(Contract.SegmentEvent, segmentEvent);
            writer.WritePropertyName(Contract.Properties);
            WriteValue(writer, fields.Json, fields.Properties);
            writer.WriteEndObject();
        }
        else
        {
            WriteValue(writer, fields.Json, fields.Properties);
        }

        writer.WriteEndObject();
        // The event time depends on the batch's sentAt when the message has a timestamp but no sentAt of its own.
        written = new ClickEventWritten(key, layout, fields.Has(Field.SentAt) ? null : timestamp);
        return true;
    }

    /// <summary>Where the writer is: bytes written since its last reset.</summary>
    private static int Mark(Utf8JsonWriter writer) => (int)(writer.BytesCommitted + writer.BytesPending);

    /// <summary>The type of a track event, or false for the order events (Map writes two records for them).</summary>
    private bool TryEventType(ref FastFields fields, out ClickEventType type, out bool known)
    {
        type = default;
        known = false;
        Span<char> buffer = stackalloc char[64];
        if (fields.TryNormalized(Field.Event, buffer, out var length))
        {
            // The name as SegmentEventMap.Normalize makes it, without a string.
            var normalized = buffer[..length];
            if (normalized is "order refunded" or "order completed" or "completed order")
            {
                return false;
            }

            type = _events.TypeOfNormalized(normalized, out known);
            return true;
        }

        var name = fields[Field.Event]!;
        if (SegmentEventMap.Normalize(name) is "order refunded" or "order completed" or "completed order")
        {
            return false;
        }

        type = _events.TypeOf(name, out known);
        return true;
    }

    /// <summary><see cref="SegmentCommon.DeviceOf(string?, string?)"/> of the message, read from the bytes when both fields are plain ASCII (or absent).</summary>
    private static DeviceType DeviceOf(ref FastFields fields)
    {
        if (!fields.TryAscii(Field.DeviceType, out var type) || !fields.TryAscii(Field.UserAgent, out var agent))
        {
            return SegmentCommon.DeviceOf(fields[Field.DeviceType], fields[Field.UserAgent]);
        }

        foreach (var (name, device) in DeviceTypes)
        {
            if (Ascii.EqualsIgnoreCase(type, name))
            {
                return device;
            }
        }

        return agent.IndexOf("iPad"u8) >= 0 || agent.IndexOf("Tablet"u8) >= 0 ? DeviceType.Tablet
            : agent.IndexOf("Mobi"u8) >= 0 || agent.IndexOf("iPhone"u8) >= 0 ? DeviceType.Mobile
            : DeviceType.Desktop;
    }

    private static readonly (byte[] Name, DeviceType Device)[] DeviceTypes =
    [
        ("tablet"u8.ToArray(), DeviceType.Tablet), ("ipad"u8.ToArray(), DeviceType.Tablet), ("mobile"u8.ToArray(), DeviceType.Mobile),
        ("phone"u8.ToArray(), DeviceType.Mobile), ("ios"u8.ToArray(), DeviceType.Mobile), ("android"u8.ToArray(), DeviceType.Mobile),
    ];

    /// <summary>
    /// Writes a message's event time, corrected with <paramref name="batchSentAt"/> the way <see cref="TryWriteClickEvent(ReadOnlySpan{byte}, SegmentReceipt, string?, Utf8JsonWriter, out string?)"/>
    /// does, over the quoted time at <paramref name="quoted"/> (the 26 bytes <see cref="ClickEventLayout.EventTime"/>
    /// points at): the batch's sentAt comes after its messages in a Segment body.
    /// </summary>
    internal static void RewriteEventTime(Span<byte> quoted, DateTimeOffset timestamp, DateTimeOffset? batchSentAt, DateTimeOffset receivedAt) =>
        FormatTime(quoted, SegmentCommon.Corrected(timestamp, batchSentAt, SegmentJson.Milliseconds(receivedAt)));

    private static bool TryCorrectedTime(ref FastFields fields, SegmentReceipt receipt, out DateTimeOffset eventTime, out DateTimeOffset? timestamp)
    {
        eventTime = default;
        if (!fields.TryTime(Field.Timestamp, out timestamp) || (timestamp is null && !fields.TryTime(Field.OriginalTimestamp, out timestamp))
            || !fields.TryTime(Field.SentAt, out var sentAt))
        {
            return false;
        }

        eventTime = SegmentCommon.Corrected(timestamp, sentAt ?? receipt.BatchSentAt, SegmentJson.Milliseconds(receipt.ReceivedAt));
        return true;
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        time = SegmentJson.Milliseconds(parsed);
        return true;
    }

    // "yyyy-MM-ddTHH:mm:ss.fffZ" with its quotes.
    internal const int QuotedTimeLength = 26;

    /// <summary>
    /// Writes <c>"name":"yyyy-MM-ddTHH:mm:ss.fffZ"</c> (<see cref="UtcTimestampJsonConverter.Format"/>), digit by digit;
    /// returns where the quoted value starts (<see cref="Mark"/>).
    /// </summary>
    private static int WriteTime(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset time)
    {
        // DateTime.TryFormat with a custom format was ~3% of the collector's CPU; the output is the same bytes.
        Span<byte> quoted = stackalloc byte[QuotedTimeLength];
        FormatTime(quoted, time);
        writer.WritePropertyName(name);
        var at = Mark(writer);
        writer.WriteRawValue(quoted, skipInputValidation: true);
        return at;
    }

    private static void FormatTime(Span<byte> quoted, DateTimeOffset time)
    {
        var t = time.UtcDateTime;
        "\"0000-00-00T00:00:00.000Z\""u8.CopyTo(quoted);
        Digits(quoted.Slice(1, 4), t.Year);
        Digits(quoted.Slice(6, 2), t.Month);
        Digits(quoted.Slice(9, 2), t.Day);
        Digits(quoted.Slice(12, 2), t.Hour);
        Digits(quoted.Slice(15, 2), t.Minute);
        Digits(quoted.Slice(18, 2), t.Second);
        Digits(quoted.Slice(21, 3), t.Millisecond);
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>A value of the message as JsonElement.WriteTo would write it (null when absent or JSON null).</summary>
    private static void WriteValue(Utf8JsonWriter writer, ReadOnlySpan<byte> message, Range? range)
    {
        if (range is not { } r)
        {
            writer.WriteNullValue();
            return;
        }

        var raw = message[r];
        if (!raw.ContainsAny(NotVerbatim))
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }

        var reader = new Utf8JsonReader(raw);
        byte[]? rented = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(Unescaped(ref reader, ref rented)); break;
                    case JsonTokenType.String: writer.WriteStringValue(Unescaped(ref reader, ref rented)); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ref byte[]? rented)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        if (rented is null || rented.Length < reader.ValueSpan.Length)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        }

        return rented.AsSpan(0, reader.CopyString(rented));
    }

    // One pass over the message. Like JsonElement.TryGetProperty (the last of duplicate names wins), a name seen
    // again clears what its earlier value set; a path through a value that is not an object yields nothing.
    private static void ReadTop(ref Utf8JsonReader reader, ref FastFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("properties"u8))
            {
                fields.Clear(Field.PropertiesSessionId, Field.PropertiesSku);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadObject(ref reader, ref fields, PropertiesNames, Field.PropertiesSessionId);
                }
                else
                {
                    reader.Skip();
                }

                fields.Properties = reader.TokenType == JsonTokenType.Null ? null : new Range(start, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("context"u8))
            {
                fields.Clear(Field.ContextSessionId, Field.CampaignName);
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadContext(ref reader, ref fields);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (Index(ref reader, TopNames) is var i and >= 0)
            {
                reader.Read();
                fields.Set(ref reader, Field.Type + i);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadContext(ref Utf8JsonReader reader, ref FastFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Index(ref reader, ContextNames) is var i and >= 0)
            {
                reader.Read();
                fields.Set(ref reader, Field.ContextSessionId + i);
                continue;
            }

            var nested = Index(ref reader, ContextObjects);
            reader.Read();
            if (nested < 0)
            {
                reader.Skip();
                continue;
            }

            var (names, first) = ContextObjectFields[nested];
            fields.Clear(first, first + names.Length - 1);
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, ref fields, names, first);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Reads an object's properties to its end, keeping the named ones (scalars) in the fields from <paramref name="first"/> on.</summary>
    private static void ReadObject(ref Utf8JsonReader reader, ref FastFields fields, byte[][] names, Field first)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var i = Index(ref reader, names);
            reader.Read();
            if (i >= 0)
            {
                fields.Set(ref reader, first + i);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static int Index(ref Utf8JsonReader reader, byte[][] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[][] Names(params string[] names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    // In the order of the Field values each list starts at.
    private static readonly byte[][] TopNames = Names("type", "event", "userId", "anonymousId", "messageId", "timestamp", "originalTimestamp", "sentAt");
    private static readonly byte[][] PropertiesNames = Names("session_id", "url", "referrer", "product_id", "sku");
    private static readonly byte[][] ContextNames = Names("sessionId", "session_id", "ip", "userAgent");
    private static readonly byte[][] ContextObjects = Names("os", "location", "device", "page", "campaign");
    private static readonly (byte[][] Names, Field First)[] ContextObjectFields =
    [
        (Names("name"), Field.OsName),
        (Names("country", "region"), Field.LocationCountry),
        (Names("type"), Field.DeviceType),
        (Names("url", "referrer"), Field.PageUrl),
        (Names("source", "medium", "name"), Field.CampaignSource),
    ];

    private enum Field
    {
        Type,
        Event,
        UserId,
        AnonymousId,
        MessageId,
        Timestamp,
        OriginalTimestamp,
        SentAt,
        PropertiesSessionId,
        PropertiesUrl,
        PropertiesReferrer,
        PropertiesProductId,
        PropertiesSku,
        ContextSessionId,
        ContextSession_Id,
        ContextIp,
        UserAgent,
        OsName,
        LocationCountry,
        LocationRegion,
        DeviceType,
        PageUrl,
        PageReferrer,
        CampaignSource,
        CampaignMedium,
        CampaignName,
        Count,
    }

    /// <summary>
    /// The scalar fields the fast path reads, with <see cref="SegmentJson.String"/>'s meaning, as slices of the message,
    /// and the range of <c>properties</c>. A field becomes a string only when the mapping needs one (<see cref="this"/>);
    /// <see cref="Write"/> copies an ASCII string that needs no escaping straight from the message.
    /// </summary>
    private ref struct FastFields(ReadOnlySpan<byte> message)
    {
        private readonly ReadOnlySpan<byte> _message = message;
        private FieldSlices _slices;

        public Range? Properties { get; set; }

        /// <summary>A non-empty string (unescaped) or a number's text, else null.</summary>
        public readonly string? this[Field field]
        {
            get
            {
                var slice = _slices[(int)field];
                var bytes = _message.Slice(slice.Start, slice.Length);
                switch (slice.Kind)
                {
                    case SliceKind.Verbatim:
                        return Encoding.UTF8.GetString(bytes[1..^1]);
                    case SliceKind.Number:
                        return Encoding.UTF8.GetString(bytes);
                    case SliceKind.String:
                        var reader = new Utf8JsonReader(bytes);
                        reader.Read();
                        return reader.GetString();
                    default:
                        return null;
                }
            }
        }

        /// <summary>The bytes the fields are slices of.</summary>
        public readonly ReadOnlySpan<byte> Json => _message;

        public readonly bool Has(Field field) => _slices[(int)field].Kind != SliceKind.None;

        /// <summary>Whether the field's value (else <paramref name="implied"/>), lower-cased invariantly, is <paramref name="lower"/> (ASCII).</summary>
        public readonly bool Is(Field field, ReadOnlySpan<byte> lower, string? implied)
        {
            var slice = _slices[(int)field];
            if (slice.Kind == SliceKind.Verbatim)
            {
                // Printable ASCII: invariant lower-casing is ASCII lower-casing.
                return Ascii.EqualsIgnoreCase(_message.Slice(slice.Start + 1, slice.Length - 2), lower);
            }

            var text = slice.Kind == SliceKind.None ? implied : this[field];
            return text is not null && Ascii.Equals(lower, text.ToLowerInvariant());
        }

        /// <summary>The content of a plain-ASCII string field (empty when absent); false for any other value.</summary>
        public readonly bool TryAscii(Field field, out ReadOnlySpan<byte> content)
        {
            var slice = _slices[(int)field];
            content = slice.Kind == SliceKind.Verbatim ? _message.Slice(slice.Start + 1, slice.Length - 2) : default;
            return slice.Kind is SliceKind.Verbatim or SliceKind.None;
        }

        /// <summary>
        /// <see cref="SegmentEventMap.Normalize"/> of a plain-ASCII string field into <paramref name="target"/> (trimmed, '_' as
        /// ' ', lower case); false for other values and names longer than the target.
        /// </summary>
        public readonly bool TryNormalized(Field field, Span<char> target, out int length)
        {
            length = 0;
            var slice = _slices[(int)field];
            if (slice.Kind != SliceKind.Verbatim)
            {
                return false;
            }

            // Plain ASCII holds no whitespace but the space (SliceKind.Verbatim), so trimming is trimming spaces.
            var name = _message.Slice(slice.Start + 1, slice.Length - 2).Trim((byte)' ');
            if (name.Length > target.Length)
            {
                return false;
            }

            for (var i = 0; i < name.Length; i++)
            {
                var c = (char)name[i];
                target[i] = c == '_' ? ' ' : char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }

            length = name.Length;
            return true;
        }

        /// <summary>A time field as <see cref="TryTime(string?, out DateTimeOffset?)"/> reads it: true with null when absent, false when unparsable.</summary>
        public readonly bool TryTime(Field field, out DateTimeOffset? time)
        {
            var slice = _slices[(int)field];
            if (slice.Kind == SliceKind.Verbatim && SegmentTime.TryParseIso(_message.Slice(slice.Start + 1, slice.Length - 2), out var parsed))
            {
                time = SegmentJson.Milliseconds(parsed);
                return true;
            }

            return SegmentMapper.TryTime(this[field], out time);
        }

        /// <summary>Writes the field's value exactly as <c>writer.WriteStringValue(this[field])</c> would.</summary>
        public readonly void WriteValue(Utf8JsonWriter writer, Field field)
        {
            var slice = _slices[(int)field];
            switch (slice.Kind)
            {
                case SliceKind.Verbatim:
                    // Printable ASCII with nothing the default encoder escapes: the quoted bytes are the output.
                    writer.WriteRawValue(_message.Slice(slice.Start, slice.Length), skipInputValidation: true);
                    break;
                case SliceKind.Number:
                    writer.WriteStringValue(_message.Slice(slice.Start, slice.Length));
                    break;
                default:
                    writer.WriteStringValue(this[field]);
                    break;
            }
        }

        /// <summary>Writes <c>"name": value</c> exactly as <c>writer.WriteString(name, this[field])</c> would.</summary>
        public readonly void Write(Utf8JsonWriter writer, JsonEncodedText name, Field field)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, field);
        }

        /// <summary>Writes the first of <paramref name="fields"/> that has a value, else <paramref name="fallback"/>.</summary>
        public readonly void WriteFirst(Utf8JsonWriter writer, JsonEncodedText name, string? fallback, params ReadOnlySpan<Field> fields)
        {
            writer.WritePropertyName(name);
            WriteFirstValue(writer, fallback, fields);
        }

        /// <summary>The value of <see cref="WriteFirst"/>.</summary>
        public readonly void WriteFirstValue(Utf8JsonWriter writer, string? fallback, params ReadOnlySpan<Field> fields)
        {
            foreach (var field in fields)
            {
                if (Has(field))
                {
                    WriteValue(writer, field);
                    return;
                }
            }

            writer.WriteStringValue(fallback);
        }

        /// <summary>The value of <see cref="WriteFirst"/>, falling back to another field (which has a value).</summary>
        public readonly void WriteFirstValue(Utf8JsonWriter writer, Field fallback, params ReadOnlySpan<Field> fields)
        {
            foreach (var field in fields)
            {
                if (Has(field))
                {
                    WriteValue(writer, field);
                    return;
                }
            }

            WriteValue(writer, fallback);
        }

        /// <summary>Keeps a string or number value's slice (an empty string as none); the reader is past the value afterwards.</summary>
        public void Set(ref Utf8JsonReader reader, Field field)
        {
            var start = (int)reader.TokenStartIndex;
            var value = reader.ValueSpan;
            _slices[(int)field] = reader.TokenType switch
            {
                JsonTokenType.String when value.Length == 0 => default,
                JsonTokenType.String => new FieldSlice(start, value.Length + 2,
                    reader.ValueIsEscaped || value.ContainsAny(NotVerbatimInString) ? SliceKind.String : SliceKind.Verbatim),
                JsonTokenType.Number => new FieldSlice(start, value.Length, SliceKind.Number),
                _ => default,
            };
            reader.Skip();
        }

        public void Clear(Field first, Field last)
        {
            for (var f = first; f <= last; f++)
            {
                _slices[(int)f] = default;
            }
        }
    }

    private enum SliceKind : byte
    {
        None,
        Verbatim,
        String,
        Number,
    }

    /// <summary>Where a field's value is in the message: a string token with its quotes, or a number's text.</summary>
    private readonly record struct FieldSlice(int Start, int Length, SliceKind Kind);

    [System.Runtime.CompilerServices.InlineArray((int)Field.Count)]
    private struct FieldSlices
    {
        private FieldSlice _first;
    }
}
