using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>Why a stock level changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InventoryReason>))]
public enum InventoryReason
{
    [JsonStringEnumMemberName("sale")] Sale,
    [JsonStringEnumMemberName("restock")] Restock,
    [JsonStringEnumMemberName("return")] Return,
    [JsonStringEnumMemberName("adjustment")] Adjustment,
}
