namespace Cartwheel.Lake.Parquet;

/// <summary>One column of the bronze Parquet schema: its name, how it is stored and how readers type it.</summary>
internal sealed record ParquetColumn(string Name, ParquetColumnType Type, bool Dictionary);
