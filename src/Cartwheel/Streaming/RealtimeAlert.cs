namespace Cartwheel.Streaming;

/// <summary>
/// An active alert: <c>low_stock</c> (subject = product id, since = event time first seen under the threshold)
/// or <c>orders_drop</c> (subject = the minute window, since = its start).
/// </summary>
public sealed record RealtimeAlert(string Kind, string Subject, DateTimeOffset Since, string Detail)
{
    public const string LowStock = "low_stock";
    public const string OrdersDrop = "orders_drop";
}
