namespace Cartwheel.Warehouse;

/// <summary>The rows of a read-only query; <see cref="Truncated"/> when the row limit cut it.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, bool Truncated)
{
    /// <summary>The columns with their DuckDB types (empty when the result was not read from DuckDB).</summary>
    public IReadOnlyList<QueryColumn> Schema { get; init; } = [];
}
