namespace Cartwheel.Contracts;

/// <summary>One line of an order. Line revenue = quantity × unit_price − discount.</summary>
public sealed record OrderItem(string ProductId, int Quantity, decimal UnitPrice, decimal Discount);
