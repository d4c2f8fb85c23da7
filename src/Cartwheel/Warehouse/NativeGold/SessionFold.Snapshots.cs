using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Cartwheel.Internal;

namespace Cartwheel.Warehouse.NativeGold;

internal sealed partial class SessionFold
{
    /// <summary>A snapshot's fields, in this order: the event_id, then the attributes the session takes from a first event.</summary>
    private static readonly int[] SnapshotColumns = [EventId, UserId, Device, Country, UtmSource, UtmMedium, UtmCampaign, Referrer];

    private const int SnapshotEventId = 0;
    private readonly ByteArena _arena = new();

    // Per snapshot: the row's event_time and where its fields are (block << 32 | offset): each an int32 length (-1: NULL) and the bytes.
    private long[] _snapshotTime = new long[1024];
    private long[] _snapshotAt = new long[1024];
    private int _snapshots;

    public string? UserOf(int s) => Text(_user[s], 1);

    /// <summary>
    /// The UTF-8 bytes of an attribute of session <paramref name="s"/>: <paramref name="field"/> 1–3 the first non-null
    /// user, device, country, 4–7 the first event's utm_source, utm_medium, utm_campaign, referrer; <paramref name="isNull"/> when NULL.
    /// </summary>
    public ReadOnlySpan<byte> AttributeBytes(int s, int field, out bool isNull)
    {
        var snapshot = field switch { 1 => _user[s], 2 => _device[s], 3 => _country[s], _ => _entry[s] };
        if (snapshot == 0)
        {
            isNull = true;
            return default;
        }

        return Field(snapshot, field, out isNull);
    }

    /// <summary>Whether the row (<paramref name="t"/>, <paramref name="id"/>) comes before snapshot number + 1 <paramref name="snapshot"/> (0: none yet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Earlier(long t, ReadOnlySpan<byte> id, int snapshot)
    {
        if (snapshot == 0)
        {
            return true;
        }

        var time = _snapshotTime[snapshot - 1];
        return t < time || (t == time && id.SequenceCompareTo(Field(snapshot, SnapshotEventId, out _)) < 0);
    }

    /// <summary>Copies row <paramref name="r"/>'s event_id and attributes; returns the snapshot's number + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Snapshot(int r, long t)
    {
        var size = 0;
        foreach (var column in SnapshotColumns)
        {
            size += 4 + (_columns[column]!.Nulls[r] ? 0 : _columns[column]!.Lengths[r]);
        }

        if (_snapshots == _snapshotTime.Length)
        {
            Array.Resize(ref _snapshotTime, _snapshots * 2);
            Array.Resize(ref _snapshotAt, _snapshots * 2);
        }

        _snapshotTime[_snapshots] = t;
        _snapshotAt[_snapshots] = _arena.Reserve(size, out var space);
        foreach (var column in SnapshotColumns)
        {
            var values = _columns[column]!;
            if (values.Nulls[r])
            {
                BinaryPrimitives.WriteInt32LittleEndian(space, -1);
                space = space[4..];
                continue;
            }

            var bytes = values.Bytes(r);
            BinaryPrimitives.WriteInt32LittleEndian(space, bytes.Length);
            bytes.CopyTo(space[4..]);
            space = space[(4 + bytes.Length)..];
        }

        return ++_snapshots;
    }

    /// <summary>Field <paramref name="field"/> of snapshot number + 1 <paramref name="snapshot"/>; <paramref name="isNull"/> when NULL.</summary>
    private ReadOnlySpan<byte> Field(int snapshot, int field, out bool isNull)
    {
        var fields = _arena.From(_snapshotAt[snapshot - 1]);
        for (var f = 0; ; f++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(fields);
            if (f == field)
            {
                isNull = length < 0;
                return isNull ? default : fields.Slice(4, length);
            }

            fields = fields[(4 + Math.Max(length, 0))..];
        }
    }

    private string? Text(int snapshot, int field)
    {
        if (snapshot == 0)
        {
            return null;
        }

        var bytes = Field(snapshot, field, out var isNull);
        return isNull ? null : Encoding.UTF8.GetString(bytes);
    }
}
