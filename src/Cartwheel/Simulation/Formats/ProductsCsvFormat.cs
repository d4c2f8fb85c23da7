using System.Globalization;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Formats;

/// <summary>Native <c>products.csv</c>: one product version per row.</summary>
internal sealed class ProductsCsvFormat()
    : CsvRecordFormat<Product>("products.csv",
        ["product_id", "name", "category", "subcategory", "brand", "price", "is_active", "updated_at"],
        "product_id", "updated_at", [.. Common, CorruptionKind.WrongType, CorruptionKind.BadValue])
{
    protected override string[] Fields(Product p) =>
    [
        p.ProductId, p.Name, p.Category, p.Subcategory ?? "", p.Brand ?? "", p.Price.ToString("0.00", CultureInfo.InvariantCulture),
        p.IsActive ? "true" : "false", UtcTimestampJsonConverter.ToText(p.UpdatedAt),
    ];

    protected override void Mutate(string[] fields, CorruptionKind kind, double choice) =>
        fields[Column("price")] = kind switch
        {
            CorruptionKind.WrongType => "ten",
            CorruptionKind.BadValue => "-5.00",
            _ => throw Unsupported(kind),
        };
}
