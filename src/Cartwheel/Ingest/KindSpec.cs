using Cartwheel.Contracts;

namespace Cartwheel.Ingest;

/// <summary>
/// What ingest needs to know about a kind (docs/data-model.md): the business key, the time that places a
/// record in its date partition (first present name wins, so seed004's names are fallbacks) and the
/// accepted CSV headers.
/// </summary>
internal sealed record KindSpec(EntityKind Kind, string IdField, IReadOnlyList<string> TimeFields, IReadOnlyList<CsvLayout> CsvLayouts)
{
    public static KindSpec For(EntityKind kind) => kind switch
    {
        EntityKind.Events => new(kind, "event_id", ["event_time", "event_timestamp"], []),
        EntityKind.Orders => new(kind, "order_id", ["created_at"], []),
        EntityKind.Inventory => new(kind, "update_id", ["event_time"], []),
        EntityKind.Users => new(kind, "user_id", ["updated_at", "signup_date"],
        [
            new CsvLayout("native", ["user_id", "email", "name", "phone", "country", "state", "tier", "device_type", "signup_date", "updated_at"], "updated_at"),
            new CsvLayout("seed004", ["user_id", "signup_date", "device_type", "country"], "signup_date"),
        ]),
        EntityKind.Products => new(kind, "product_id", ["updated_at"],
        [
            new CsvLayout("native", ["product_id", "name", "category", "subcategory", "brand", "price", "is_active", "updated_at"], "updated_at"),
        ]),
        EntityKind.Transactions => new(kind, "transaction_id", ["transaction_timestamp"],
        [
            new CsvLayout("seed004", ["transaction_id", "session_id", "user_id", "amount", "currency", "transaction_timestamp"], "transaction_timestamp"),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The layout whose columns are exactly <paramref name="header"/>, or null.</summary>
    public CsvLayout? MatchHeader(IReadOnlyList<string> header) =>
        CsvLayouts.FirstOrDefault(l => l.Columns.SequenceEqual(header, StringComparer.Ordinal));
}
