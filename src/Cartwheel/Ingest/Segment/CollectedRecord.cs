using System.Text.Json;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>A contract record produced by a collector, ready for the log: its kind, partitioning key and record.</summary>
/// <param name="Kind">The entity kind (events, orders, users…).</param>
/// <param name="Key">The partitioning key: the user id, else the anonymous id (the product id for catalog kinds).</param>
/// <param name="Record">A <see cref="ClickEvent"/>, <see cref="Order"/>, <see cref="UserProfile"/>, <see cref="Product"/> or <see cref="InventoryUpdate"/>.</param>
public sealed record CollectedRecord(EntityKind Kind, string? Key, object Record)
{
    /// <summary>The record as one JSONL line would hold it (snake_case, <see cref="ContractsJsonContext"/>).</summary>
    public byte[] ToJson() => Record switch
    {
        ClickEvent e => JsonSerializer.SerializeToUtf8Bytes(e, ContractsJsonContext.Default.ClickEvent),
        Order o => JsonSerializer.SerializeToUtf8Bytes(o, ContractsJsonContext.Default.Order),
        UserProfile u => JsonSerializer.SerializeToUtf8Bytes(u, ContractsJsonContext.Default.UserProfile),
        Product p => JsonSerializer.SerializeToUtf8Bytes(p, ContractsJsonContext.Default.Product),
        InventoryUpdate i => JsonSerializer.SerializeToUtf8Bytes(i, ContractsJsonContext.Default.InventoryUpdate),
        _ => throw new CartwheelException(ErrorCodes.Internal, $"Not a contract record: {Record.GetType().Name}."),
    };
}
