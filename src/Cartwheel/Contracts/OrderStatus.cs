using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>The life-cycle state of an order. Only <see cref="Completed"/> orders are sales.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("refunded")] Refunded,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
