using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Cartwheel.Lake.Parquet;

namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// gold.fact_sessions' per-session aggregation (<c>sql/gold/_fact_sessions_events.sql</c>) over the rows of silver
/// events files, in one read: per session its first and last event_time, counts and flags, the attributes of its
/// first event by (event_time, event_id) and the first non-null user, device and country by the same order, and its
/// event types in that order. The order is exact: event_ids compare by their UTF-8 bytes as DuckDB's VARCHARs do. A
/// candidate first event keeps a copy of its event_id and attributes (<see cref="Snapshot"/>); the event types keep, per
/// row, its time, the first 8 bytes of its event_id and its type, sorted per session at the end. Two events of a session
/// with the same time and id prefix but other types (which that prefix cannot order) make <see cref="Finish"/> give up,
/// and so does anything silver should not hold (a NULL key, an unknown event type): the SQL path then builds the range.
/// Memory: ~21 bytes per event of the window and ~60 per session plus the snapshots. Used by one thread.
/// </summary>
internal sealed partial class SessionFold(DateOnly from, DateOnly to)
{
    /// <summary>The event types silver accepts (sql/silver/events.sql); a row's type code is its index + 1.</summary>
    public static readonly IReadOnlyList<string> EventTypes = ["page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_started", "purchase"];

    private const int EventId = 0, SessionId = 1, UserId = 2, EventType = 4, Referrer = 7, UtmSource = 8, UtmMedium = 9, UtmCampaign = 10,
        Device = 11, Country = 13, EventTime = 16;

    private const int ProductView = 2, AddToCart = 4, CheckoutStarted = 6, Purchase = 7;
    private const long MicrosPerDay = 86_400_000_000;
    private const int UnixEpochDayNumber = 719_162;

    private static readonly byte[][] TypeNames = [.. EventTypes.Select(System.Text.Encoding.UTF8.GetBytes)];
    private static readonly int[] ReadColumns = [EventId, UserId, EventType, Referrer, UtmSource, UtmMedium, UtmCampaign, Device, Country, EventTime];

    private readonly SessionKeyTable _keys = new();
    private ColumnValues?[] _columns = [];
    private int[] _ids = [];
    private bool _only;

    // Per session (the key's number).
    private long[] _start = new long[1024];
    private long[] _end = new long[1024];
    private int[] _events = new int[1024];
    private int[] _productViews = new int[1024];
    private byte[] _flags = new byte[1024];

    /// <summary>Snapshot number + 1 of the first event, and of the first with a user, device, country; 0 while none.</summary>
    private int[] _entry = new int[1024];
    private int[] _user = new int[1024];
    private int[] _device = new int[1024];
    private int[] _country = new int[1024];

    // Per row read: its session, time, event_id prefix and type code.
    private int[] _rowSession = new int[4096];
    private long[] _rowTime = new long[4096];
    private ulong[] _rowPrefix = new ulong[4096];
    private byte[] _rowType = new byte[4096];
    private int _rows;

    // After Finish: row numbers grouped by session in (event_time, event_id) order, and where each session's group starts.
    private int[] _order = [];
    private int[] _groups = [];

    /// <summary>Sessions seen (or named by <see cref="Only"/>).</summary>
    public int Count => _keys.Count;

    /// <summary>Restricts the fold to these sessions (a merge's touched ones); call before reading.</summary>
    public void Only(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            _keys.Find(System.Text.Encoding.UTF8.GetBytes(id), add: true);
        }

        _only = true;
        Grow(_keys.Count);
    }

    /// <summary>Decodes the columns the fold reads of one row group (any thread; the values live until the reader's Release).</summary>
    public static ColumnValues?[] Decode(BronzeFileReader reader, int group)
    {
        var columns = new ColumnValues?[EventTime + 1];
        columns[SessionId] = reader.ReadColumn(group, SessionId);
        foreach (var column in ReadColumns)
        {
            columns[column] = reader.ReadColumn(group, column);
        }

        return columns;
    }

    /// <summary>Folds one decoded row group (<see cref="Decode"/>); false when a row is one the fold does not decide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Fold(ColumnValues?[] columns)
    {
        var sessions = columns[SessionId]!;
        if (_ids.Length < sessions.Count)
        {
            _ids = new int[sessions.Count];
        }

        for (var r = 0; r < sessions.Count; r++)
        {
            if (sessions.Nulls[r])
            {
                return false;
            }

            _ids[r] = _keys.Find(sessions.Bytes(r), add: !_only);
        }

        Grow(_keys.Count);
        _columns = columns;
        try
        {
            for (var r = 0; r < sessions.Count; r++)
            {
                if (_ids[r] >= 0 && !Fold(_ids[r], r))
                {
                    return false;
                }
            }
        }
        finally
        {
            _columns = [];
        }

        return true;
    }

    /// <summary>Whether session <paramref name="s"/> is written: it has events and its first event's UTC date is in the range.</summary>
    public bool Included(int s)
    {
        if (_events[s] == 0)
        {
            return false;
        }

        var day = DateOnly.FromDayNumber(UnixEpochDayNumber + (int)Day(s));
        return day >= from && day <= to;
    }

    /// <summary>The UTC date of the session's first event, in days since 1970-01-01.</summary>
    public long Day(int s) => _start[s] / MicrosPerDay - (_start[s] % MicrosPerDay < 0 ? 1 : 0);

    public ReadOnlySpan<byte> SessionIdBytes(int s) => _keys.Key(s);

    public long Start(int s) => _start[s];

    public long End(int s) => _end[s];

    public int Events(int s) => _events[s];

    public int ProductViews(int s) => _productViews[s];

    public bool HasAddToCart(int s) => (_flags[s] & 1) != 0;

    public bool HasCheckout(int s) => (_flags[s] & 2) != 0;

    public bool HasPurchase(int s) => (_flags[s] & 4) != 0;

    /// <summary>The session's event types in order as one text, separated by commas (after <see cref="Finish"/>).</summary>
    public void TypesText(int s, List<byte> text)
    {
        text.Clear();
        for (var i = _groups[s]; i < _groups[s + 1]; i++)
        {
            if (i > _groups[s])
            {
                text.Add((byte)',');
            }

            text.AddRange(TypeNames[_rowType[_order[i]] - 1]);
        }
    }

    private bool Fold(int s, int r)
    {
        var eventIds = _columns[EventId]!;
        var times = _columns[EventTime]!;
        var types = _columns[EventType]!;
        if (eventIds.Nulls[r] || times.Nulls[r] || types.Nulls[r])
        {
            return false;
        }

        var type = TypeCode(types.Bytes(r));
        if (type == 0)
        {
            return false;
        }

        var t = times.Int64[r];
        var id = eventIds.Bytes(r);
        if (_events[s]++ == 0)
        {
            (_start[s], _end[s]) = (t, t);
        }
        else
        {
            (_start[s], _end[s]) = (Math.Min(_start[s], t), Math.Max(_end[s], t));
        }

        _productViews[s] += type == ProductView ? 1 : 0;
        _flags[s] |= type switch { AddToCart => 1, CheckoutStarted => 2, Purchase => 4, _ => 0 };
        AddRow(s, t, Prefix(id), (byte)type);

        // A row becomes a candidate first event when it comes before the current one; one snapshot serves all four.
        var snapshot = 0;
        if (Earlier(t, id, _entry[s]))
        {
            _entry[s] = snapshot = Snapshot(r, t);
        }

        if (!_columns[UserId]!.Nulls[r] && Earlier(t, id, _user[s]))
        {
            _user[s] = snapshot = snapshot > 0 ? snapshot : Snapshot(r, t);
        }

        if (!_columns[Device]!.Nulls[r] && Earlier(t, id, _device[s]))
        {
            _device[s] = snapshot = snapshot > 0 ? snapshot : Snapshot(r, t);
        }

        if (!_columns[Country]!.Nulls[r] && Earlier(t, id, _country[s]))
        {
            _country[s] = snapshot > 0 ? snapshot : Snapshot(r, t);
        }

        return true;
    }

    private static int TypeCode(ReadOnlySpan<byte> type)
    {
        for (var i = 0; i < TypeNames.Length; i++)
        {
            if (type.SequenceEqual(TypeNames[i]))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>The first 8 bytes of an event_id, big-endian, zero-padded: ordered as the ids are unless equal.</summary>
    private static ulong Prefix(ReadOnlySpan<byte> id)
    {
        Span<byte> bytes = stackalloc byte[8];
        bytes.Clear();
        id[..Math.Min(8, id.Length)].CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    private void AddRow(int s, long t, ulong prefix, byte type)
    {
        if (_rows == _rowSession.Length)
        {
            var size = _rows * 2;
            Array.Resize(ref _rowSession, size);
            Array.Resize(ref _rowTime, size);
            Array.Resize(ref _rowPrefix, size);
            Array.Resize(ref _rowType, size);
        }

        (_rowSession[_rows], _rowTime[_rows], _rowPrefix[_rows], _rowType[_rows]) = (s, t, prefix, type);
        _rows++;
    }

    private void Grow(int sessions)
    {
        if (sessions <= _start.Length)
        {
            return;
        }

        var size = Math.Max(sessions, _start.Length * 2);
        Array.Resize(ref _start, size);
        Array.Resize(ref _end, size);
        Array.Resize(ref _events, size);
        Array.Resize(ref _productViews, size);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _entry, size);
        Array.Resize(ref _user, size);
        Array.Resize(ref _device, size);
        Array.Resize(ref _country, size);
    }
}
