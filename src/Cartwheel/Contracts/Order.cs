namespace Cartwheel.Contracts;

/// <summary>
/// One version of an order. An order appears once per status change; the version with the latest
/// <see cref="UpdatedAt"/> wins. The order's date is the UTC date of <see cref="CreatedAt"/>.
/// </summary>
public sealed record Order(
    string OrderId,
    string UserId,
    string? SessionId,
    OrderStatus Status,
    string Currency,
    IReadOnlyList<OrderItem> Items,
    decimal Shipping,
    decimal Tax,
    string PaymentMethod,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
