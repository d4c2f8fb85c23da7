namespace Cartwheel.Warehouse;

/// <summary>The rows of a read-only query; <see cref="Truncated"/> when the row limit cut it.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, bool Truncated);
