namespace Cartwheel.Contracts;

/// <summary>A change of stock for one product in one warehouse; <see cref="OnHand"/> is the level after it.</summary>
public sealed record InventoryUpdate(
    string UpdateId,
    string ProductId,
    string WarehouseId,
    int OnHand,
    int Delta,
    InventoryReason Reason,
    DateTimeOffset EventTime);
