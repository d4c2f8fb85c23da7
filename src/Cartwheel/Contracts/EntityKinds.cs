namespace Cartwheel.Contracts;

/// <summary>Names and parsing of <see cref="EntityKind"/> values.</summary>
public static class EntityKinds
{
    /// <summary>Every kind, in the order the pipeline processes them (dimensions before facts).</summary>
    public static IReadOnlyList<EntityKind> All { get; } =
        [EntityKind.Users, EntityKind.Products, EntityKind.Events, EntityKind.Orders, EntityKind.Inventory, EntityKind.Transactions];

    /// <summary>The lake folder and view name of a kind: <c>events</c>, <c>orders</c>, ….</summary>
    public static string Name(this EntityKind kind) => kind switch
    {
        EntityKind.Events => "events",
        EntityKind.Orders => "orders",
        EntityKind.Inventory => "inventory",
        EntityKind.Users => "users",
        EntityKind.Products => "products",
        EntityKind.Transactions => "transactions",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a kind name (case-insensitive, singular accepted).</summary>
    public static bool TryParse(string? text, out EntityKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "events" or "event" or "clickstream" or "clicks": kind = EntityKind.Events; return true;
            case "orders" or "order": kind = EntityKind.Orders; return true;
            case "inventory" or "inventory_updates": kind = EntityKind.Inventory; return true;
            case "users" or "user" or "profiles": kind = EntityKind.Users; return true;
            case "products" or "product" or "catalog": kind = EntityKind.Products; return true;
            case "transactions" or "transaction" or "payments": kind = EntityKind.Transactions; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// Recognises the kind from a file name such as <c>events.jsonl</c>, <c>orders-2024-01-02.jsonl.gz</c>
    /// or <c>users.csv</c>: the part before the first '.', '-' or '_' followed by a digit.
    /// </summary>
    public static bool TryFromFileName(string path, out EntityKind kind)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        var stem = name.Split('.')[0];
        if (TryParse(stem, out kind))
        {
            return true;
        }

        foreach (var separator in new[] { '-', '_' })
        {
            var cut = stem.IndexOf(separator, StringComparison.Ordinal);
            if (cut > 0 && TryParse(stem[..cut], out kind))
            {
                return true;
            }
        }

        kind = default;
        return false;
    }
}
