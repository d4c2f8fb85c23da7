using System.Globalization;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// Builds Segment <c>/v1/batch</c> bodies from <see cref="MessageTemplates"/> into one reused buffer: every message
/// gets a unique messageId (<c>run · connection · sequence</c>, 24 hex digits, also used as the order id of order
/// events and the user id of sign-ups) and the send time as timestamp and sentAt. One per connection. With
/// <paramref name="freshSessions"/>, every pass over the templates gives their sessions new ids (the end of the id becomes
/// connection · pass), so distinct sessions grow with the rate as in a real shop instead of repeating every 20,000 messages.
/// </summary>
internal sealed class BatchBuilder(MessageTemplates templates, uint runTag, int connection, bool freshSessions = false)
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    private byte[] _buffer = new byte[64 * 1024];
    private long _sequence;
    private int _next = connection * 7919 % Math.Max(1, templates.Templates.Count);
    private long _sent;

    /// <summary>The body of the last <see cref="Build"/>.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>Click events (what the dashboard counts) in the last body.</summary>
    public int ClickEvents { get; private set; }

    public void Build(int messages, DateTime nowUtc)
    {
        Span<byte> time = stackalloc byte[MessageTemplates.FieldWidth];
        nowUtc.TryFormat(time, out _, TimeFormat, CultureInfo.InvariantCulture);
        Span<byte> id = stackalloc byte[MessageTemplates.FieldWidth];
        Span<byte> session = stackalloc byte[MessageTemplates.SessionSuffixWidth];
        var pass = -1L;
        var length = 0;
        Append(ref length, "{\"batch\":["u8);
        var clicks = 0;
        for (var i = 0; i < messages; i++)
        {
            var template = templates.Templates[_next];
            _next = (_next + 1) % templates.Templates.Count;
            if (i > 0)
            {
                Append(ref length, ","u8);
            }

            var start = length;
            Append(ref length, template.Bytes);
            WriteId(id, _sequence++);
            id.CopyTo(_buffer.AsSpan(start + template.IdAt));
            time.CopyTo(_buffer.AsSpan(start + template.TimeAt));
            foreach (var at in template.UniqueAt)
            {
                id.CopyTo(_buffer.AsSpan(start + at));
            }

            if (freshSessions && template.SessionAt >= 0)
            {
                var current = _sent / templates.Templates.Count;
                if (current != pass)
                {
                    pass = current;
                    ((ushort)connection).TryFormat(session[..4], out _, "x4", CultureInfo.InvariantCulture);
                    ((uint)pass).TryFormat(session[4..], out _, "x8", CultureInfo.InvariantCulture);
                }

                session.CopyTo(_buffer.AsSpan(start + template.SessionAt));
            }

            _sent++;
            clicks += template.ClickEvents;
        }

        Append(ref length, "],\"sentAt\":\""u8);
        Append(ref length, time);
        Append(ref length, "\"}"u8);
        Body = _buffer.AsMemory(0, length);
        ClickEvents = clicks;
    }

    private void WriteId(Span<byte> id, long sequence)
    {
        runTag.TryFormat(id[..8], out _, "x8", CultureInfo.InvariantCulture);
        ((ushort)connection).TryFormat(id[8..12], out _, "x4", CultureInfo.InvariantCulture);
        sequence.TryFormat(id[12..], out _, "x12", CultureInfo.InvariantCulture);
    }

    private void Append(ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(length));
        length += bytes.Length;
    }
}
