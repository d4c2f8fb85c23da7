namespace Cartwheel.Lake.Parquet;

/// <summary>A written row group: its rows and one chunk per column, in schema order.</summary>
internal sealed record RowGroupInfo(long Rows, IReadOnlyList<ColumnChunkInfo> Columns);
