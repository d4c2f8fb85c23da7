using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation.Formats;

/// <summary>
/// Writes a native click event exactly as <see cref="ContractsJsonContext"/> serializes the <see cref="ClickEvent"/> it
/// stands for (a test holds the two equal), without building a JSON properties element per event.
/// </summary>
internal static class EventJson
{
    private static readonly JsonEncodedText[] TypeNames =
        Encode("page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_started", "purchase");

    private static readonly JsonEncodedText[] DeviceNames =
        Encode("desktop", "mobile", "tablet");

    // ,"padding":"" and the two closing braces.
    private const int PaddingOverhead = 15;

    public static string TypeName(ClickEventType type) => TypeNames[(int)type].Value;

    public static string DeviceName(DeviceType device) => DeviceNames[(int)device].Value;

    /// <summary>Writes the event; <paramref name="padding"/>'s length is the target line size (empty: no padding).</summary>
    public static void Write(Utf8JsonWriter writer, SimEvent e, string padding)
    {
        var s = e.Session;
        Span<byte> time = stackalloc byte[Timestamps.Length];
        writer.WriteStartObject();
        writer.WriteString("event_id"u8, e.EventId);
        writer.WriteString("session_id"u8, s.SessionId);
        writer.WriteString("user_id"u8, s.UserId);
        writer.WriteString("anonymous_id"u8, s.AnonymousId);
        writer.WriteString("event_type"u8, TypeNames[(int)e.Type]);
        writer.WriteString("product_id"u8, e.ProductId);
        writer.WriteString("page_url"u8, e.PageUrl);
        writer.WriteString("referrer"u8, e.Referrer);
        writer.WriteString("utm_source"u8, s.UtmSource);
        writer.WriteString("utm_medium"u8, s.UtmMedium);
        writer.WriteString("utm_campaign"u8, s.UtmCampaign);
        writer.WriteString("device"u8, DeviceNames[(int)s.Device]);
        writer.WriteString("os"u8, s.Os);
        writer.WriteString("country"u8, s.Country);
        writer.WriteString("state"u8, s.State);
        writer.WriteString("ip"u8, s.Ip);
        Timestamps.Format(e.EventTime, time);
        writer.WriteString("event_time"u8, time);
        Timestamps.Format(e.IngestionTime, time);
        writer.WriteString("ingestion_time"u8, time);
        writer.WriteStartObject("properties"u8);
        WriteProperties(writer, e);
        if (padding.Length > 0)
        {
            var length = padding.Length - (int)(writer.BytesCommitted + writer.BytesPending) - PaddingOverhead;
            if (length > 0)
            {
                writer.WriteString("padding"u8, padding.AsSpan(0, length));
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static JsonEncodedText[] Encode(params string[] names) => names.Select(n => JsonEncodedText.Encode(n)).ToArray();

    private static void WriteProperties(Utf8JsonWriter writer, SimEvent e)
    {
        switch (e.Type)
        {
            case ClickEventType.PageView:
                writer.WriteString("page_type"u8, e.Text);
                break;
            case ClickEventType.Search:
                writer.WriteString("query"u8, e.Text);
                writer.WriteNumber("results"u8, e.Count);
                break;
            case ClickEventType.ProductView:
                writer.WriteNumber("price"u8, e.Amount);
                break;
            case ClickEventType.AddToCart:
                writer.WriteNumber("quantity"u8, e.Count);
                writer.WriteNumber("price"u8, e.Amount);
                break;
            case ClickEventType.RemoveFromCart:
                writer.WriteNumber("quantity"u8, e.Count);
                break;
            case ClickEventType.CheckoutStarted:
                writer.WriteNumber("cart_items"u8, e.Count);
                writer.WriteNumber("cart_value"u8, e.Amount);
                break;
            default:
                writer.WriteString("order_id"u8, e.Text);
                writer.WriteNumber("revenue"u8, e.Amount);
                break;
        }
    }
}
