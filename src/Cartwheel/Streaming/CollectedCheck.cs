using System.Buffers.Binary;
using System.Text;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Streaming;

/// <summary>
/// What the collector checked of a click event it wrote, logged next to the payload (<see cref="Log.LogRecord.Checked"/>)
/// so that the stream need not parse the payload again: where the values the stream's check reads are in the payload
/// (event_id, event_time and the window fields of <see cref="RealtimeAggregator.EventFields"/>). Format: a version
/// byte (1), then per value of <see cref="ClickEventLayout"/> in order its string's content (between the quotes) as
/// little-endian uint16 start and length, length 0xFFFF for JSON null. Only written when every value is null or a
/// string without escapes and the payload is under 64 KiB, so each value is its bytes. StreamProcessor.Batch reads it
/// instead of <see cref="Ingest.JsonRecordParser"/> when present; CollectedCheckTests prove both give the same.
/// </summary>
internal static class CollectedCheck
{
    public const int Size = 1 + (ClickEventLayout.Count * 4);

    private const byte Version = 1;
    private const ushort Null = ushort.MaxValue;

    /// <summary>Writes the form of <paramref name="record"/> (the JSON the layout describes) to <paramref name="target"/>; returns its size, or 0 when it has none.</summary>
    public static int TryWrite(ReadOnlySpan<byte> record, in ClickEventLayout layout, Span<byte> target)
    {
        if (record.Length >= Null || target.Length < Size)
        {
            return 0;
        }

        target[0] = Version;
        for (var v = 0; v < ClickEventLayout.Count; v++)
        {
            var (start, length) = layout[v].GetOffsetAndLength(record.Length);
            var token = record.Slice(start, length);
            var at = target[(1 + (v * 4))..];
            if (token.SequenceEqual("null"u8))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at, 0);
                BinaryPrimitives.WriteUInt16LittleEndian(at[2..], Null);
            }
            else if (length >= 2 && token[0] == '"' && token[^1] == '"' && token[1..^1].IndexOf((byte)'\\') < 0)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(start + 1));
                BinaryPrimitives.WriteUInt16LittleEndian(at[2..], (ushort)(length - 2));
            }
            else
            {
                return 0;
            }
        }

        return Size;
    }

    /// <summary>Reads a form; false when it is none this version knows or points outside a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> form, int payloadLength, out Values values)
    {
        values = default;
        if (form.Length != Size || form[0] != Version)
        {
            return false;
        }

        for (var v = 0; v < ClickEventLayout.Count; v++)
        {
            var start = BinaryPrimitives.ReadUInt16LittleEndian(form[(1 + (v * 4))..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(form[(3 + (v * 4))..]);
            if (length == Null)
            {
                values.Set(v, null);
            }
            else if (start + length <= payloadLength)
            {
                values.Set(v, new Range(start, start + length));
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value's text: the shared string of the few values event_type and device take, else a new one.</summary>
    public static string? Text(ReadOnlySpan<byte> payload, Range? value)
    {
        if (value is not { } range)
        {
            return null;
        }

        var bytes = payload[range];
        foreach (var (utf8, text) in Known)
        {
            if (bytes.SequenceEqual(utf8))
            {
                return text;
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static readonly (byte[] Utf8, string Text)[] Known =
        new[] { "page_view", "product_view", "add_to_cart", "search", "remove_from_cart", "checkout_started", "purchase", "desktop", "mobile", "tablet" }
            .Select(t => (Encoding.UTF8.GetBytes(t), t)).ToArray();

    /// <summary>Each value's content range in the payload, null for JSON null (indexed like <see cref="ClickEventLayout"/>).</summary>
    internal struct Values
    {
        private Slots _slots;

        public readonly Range? this[int value] => _slots[value];

        public void Set(int value, Range? range) => _slots[value] = range;

        [System.Runtime.CompilerServices.InlineArray(ClickEventLayout.Count)]
        private struct Slots
        {
            private Range? _first;
        }
    }
}
