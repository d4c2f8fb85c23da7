using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>What a shopper did. Serialized in snake_case (<c>page_view</c>, …).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClickEventType>))]
public enum ClickEventType
{
    [JsonStringEnumMemberName("page_view")] PageView,
    [JsonStringEnumMemberName("product_view")] ProductView,
    [JsonStringEnumMemberName("search")] Search,
    [JsonStringEnumMemberName("add_to_cart")] AddToCart,
    [JsonStringEnumMemberName("remove_from_cart")] RemoveFromCart,
    [JsonStringEnumMemberName("checkout_started")] CheckoutStarted,
    [JsonStringEnumMemberName("purchase")] Purchase,
}
