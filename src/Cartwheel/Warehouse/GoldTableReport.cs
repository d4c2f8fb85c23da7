namespace Cartwheel.Warehouse;

/// <summary>The row count of one gold table after a run.</summary>
public sealed record GoldTableReport(string Table, long Rows);
