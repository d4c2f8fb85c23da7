namespace Cartwheel.Contracts;

/// <summary>One version of a catalog product. Price and category change over time (SCD Type 2 in gold).</summary>
public sealed record Product(
    string ProductId,
    string Name,
    string Category,
    string? Subcategory,
    string? Brand,
    decimal Price,
    bool IsActive,
    DateTimeOffset UpdatedAt);
