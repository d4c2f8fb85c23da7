using System.Text;
using System.Text.Json.Nodes;
using Cartwheel.Simulation;
using Cartwheel.Simulation.Live;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// A pool of realistic Segment messages from the shop simulator's live traffic (page views, searches, Product
/// Viewed/Added/Removed, Checkout Started, Order Completed, refunds, sign-ups), rendered to UTF-8 once with
/// fixed-width placeholders for what must differ per send: the messageId, the timestamp, an order's id and a
/// signed-up user's id (else a resent template would be a duplicate order or profile version). Sending
/// then costs a copy and three small overwrites instead of building JSON, so the generator stays light on the CPU
/// it shares with the server.
/// </summary>
internal sealed class MessageTemplates
{
    /// <summary>Width of every placeholder: a messageId or order id of 24 characters, and "yyyy-MM-ddTHH:mm:ss.fffZ".</summary>
    public const int FieldWidth = 24;

    /// <summary>The end of a session id (<c>s_</c> + 32 hex digits) a fresh pass over the templates rewrites: connection (4 hex) and pass (8 hex).</summary>
    public const int SessionSuffixWidth = 12;

    private static readonly string IdHole = "MSGID".PadRight(FieldWidth, '#');
    private static readonly string TimeHole = "TSTAMP".PadRight(FieldWidth, '#');
    private static readonly string OrderHole = "ORDER".PadRight(FieldWidth, '#');
    private static readonly string UserHole = "USER".PadRight(FieldWidth, '#');

    private MessageTemplates(IReadOnlyList<MessageTemplate> templates) => Templates = templates;

    public IReadOnlyList<MessageTemplate> Templates { get; }

    /// <summary>
    /// <paramref name="count"/> messages from a small simulated shop (seeded), each padded with a
    /// <c>properties.bench_padding</c> string to about <paramref name="eventBytes"/> bytes when that is larger.
    /// </summary>
    public static MessageTemplates Create(int count, int eventBytes, int seed)
    {
        // The shop as the live demo makes it: opened yesterday, traffic now (times are replaced when sending).
        var now = DateTimeOffset.UtcNow;
        var shop = new SimulationOptions { Seed = seed, Users = 20_000, Products = 2_000, Days = 1, Start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1) };
        var batch = new LiveTraffic(shop, trafficSeed: seed, openSessions: 200).Next(count, now);
        var templates = new List<MessageTemplate>(count);
        foreach (var node in batch.Messages)
        {
            templates.Add(Render((JsonObject)node!, eventBytes));
        }

        return new MessageTemplates(templates);
    }

    private static MessageTemplate Render(JsonObject message, int eventBytes)
    {
        message["messageId"] = IdHole;
        message["timestamp"] = TimeHole;
        var properties = message["properties"] as JsonObject;
        var isOrder = properties?["order_id"] is not null;
        if (isOrder)
        {
            properties!["order_id"] = OrderHole;
        }

        var type = message["type"]?.GetValue<string>();
        if (type == "identify")
        {
            // A profile version is a duplicate when its user and time repeat: a sign-up of a new user each time.
            message["userId"] = UserHole;
        }

        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        if (eventBytes > bytes.Length + 40 && properties is not null)
        {
            properties["bench_padding"] = new string('x', eventBytes - bytes.Length - 20);
            bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        }

        var name = message["event"]?.GetValue<string>();
        // Click events the collector makes of it: every track but refunds, and page; identify makes a profile.
        var clicks = type == "page" || (type == "track" && name != "Order Refunded") ? 1 : 0;
        var unique = new List<int>();
        if (isOrder)
        {
            unique.Add(Find(bytes, OrderHole));
        }

        if (type == "identify")
        {
            unique.Add(Find(bytes, UserHole));
        }

        return new MessageTemplate(bytes, Find(bytes, IdHole), Find(bytes, TimeHole), [.. unique], clicks, SessionSuffix(bytes));
    }

    /// <summary>Where the last <see cref="SessionSuffixWidth"/> characters of the message's <c>"sessionId":"…"</c> start (-1 when it has none or a shorter one).</summary>
    private static int SessionSuffix(byte[] bytes)
    {
        var name = "\"sessionId\":\""u8;
        var at = bytes.AsSpan().IndexOf(name);
        if (at < 0)
        {
            return -1;
        }

        var start = at + name.Length;
        var length = bytes.AsSpan(start).IndexOf((byte)'"');
        return length >= SessionSuffixWidth + 2 ? start + length - SessionSuffixWidth : -1;
    }

    private static int Find(byte[] bytes, string marker)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        return at >= 0 ? at : throw new InvalidOperationException($"placeholder {marker} not found in a template");
    }
}
