using System.Buffers.Binary;
using System.Text;

namespace Cartwheel.Log;

/// <summary>
/// The record encoding of an <c>event_log_chunks</c> row: per record, little-endian int32 lengths — kind length,
/// kind (UTF-8), key length (−1 for null), key (UTF-8), payload length, payload — and, when the kind length has
/// <see cref="HasChecked"/> set, the checked form's length and bytes after the payload (chunks written before it
/// existed never have the bit: kinds are a few bytes long).
/// </summary>
internal static class LogChunk
{
    private const int HasChecked = 1 << 30;

    public static long Size(LogAppend record) =>
        12L + Encoding.UTF8.GetByteCount(record.Kind) + (record.Key is null ? 0 : Encoding.UTF8.GetByteCount(record.Key)) + record.Payload.Length
        + (record.Checked.IsEmpty ? 0 : 4 + record.Checked.Length);

    /// <summary>Writes one record at the start of <paramref name="target"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> target, LogAppend record)
    {
        var kind = Encoding.UTF8.GetBytes(record.Kind, target[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(target, record.Checked.IsEmpty ? kind : kind | HasChecked);
        var at = 4 + kind;
        var key = record.Key is null ? -1 : Encoding.UTF8.GetBytes(record.Key, target[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(target[at..], key);
        at += 4 + Math.Max(key, 0);
        BinaryPrimitives.WriteInt32LittleEndian(target[at..], record.Payload.Length);
        record.Payload.Span.CopyTo(target[(at + 4)..]);
        at += 4 + record.Payload.Length;
        if (!record.Checked.IsEmpty)
        {
            BinaryPrimitives.WriteInt32LittleEndian(target[at..], record.Checked.Length);
            record.Checked.Span.CopyTo(target[(at + 4)..]);
            at += 4 + record.Checked.Length;
        }

        return at;
    }

    /// <summary>
    /// Adds the records of a chunk from <paramref name="fromOffset"/> on, until <paramref name="records"/> holds
    /// <paramref name="maxRecords"/>. Payloads are slices of <paramref name="blob"/> (no copy).
    /// </summary>
    public static void Read(byte[] blob, int partition, long firstOffset, int count, long fromOffset, DateTimeOffset appendedAt, List<LogRecord> records, int maxRecords)
    {
        var at = 0;
        for (var offset = firstOffset; offset < firstOffset + count && records.Count < maxRecords; offset++)
        {
            var span = blob.AsSpan(at);
            var kindField = BinaryPrimitives.ReadInt32LittleEndian(span);
            var kindLength = kindField & ~HasChecked;
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(span[(4 + kindLength)..]);
            var keyAt = 8 + kindLength;
            var payloadAt = keyAt + Math.Max(keyLength, 0);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span[payloadAt..]);
            var checkedAt = payloadAt + 4 + payloadLength;
            var checkedLength = (kindField & HasChecked) == 0 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(span[checkedAt..]);
            if (offset >= fromOffset)
            {
                records.Add(new LogRecord(
                    partition,
                    offset,
                    Kind(span.Slice(4, kindLength)),
                    keyLength < 0 ? null : Encoding.UTF8.GetString(span.Slice(keyAt, keyLength)),
                    blob.AsMemory(at + payloadAt + 4, payloadLength),
                    appendedAt,
                    checkedLength == 0 ? default : blob.AsMemory(at + checkedAt + 4, checkedLength)));
            }

            at += checkedAt + ((kindField & HasChecked) == 0 ? 0 : 4 + checkedLength);
        }
    }

    private static readonly (byte[] Bytes, string Name)[] KnownKinds =
        Enum.GetValues<Contracts.EntityKind>().Select(k => (Encoding.UTF8.GetBytes(Contracts.EntityKinds.Name(k)), Contracts.EntityKinds.Name(k))).ToArray();

    /// <summary>The kind's string, shared for the known kinds (one string per record otherwise).</summary>
    private static string Kind(ReadOnlySpan<byte> bytes)
    {
        foreach (var (known, name) in KnownKinds)
        {
            if (bytes.SequenceEqual(known))
            {
                return name;
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
