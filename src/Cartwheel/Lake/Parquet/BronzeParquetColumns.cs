namespace Cartwheel.Lake.Parquet;

/// <summary>The bronze schema (<see cref="BronzeSchema.ColumnDefinitions"/>) as Parquet columns, in file order.</summary>
internal static class BronzeParquetColumns
{
    public const int RecordId = 0;
    public const int EventTime = 1;
    public const int Payload = 2;
    public const int Raw = 3;
    public const int SourceFile = 4;
    public const int LineNumber = 5;
    public const int IngestionTime = 6;
    public const int FileHash = 7;
    public const int BatchId = 8;

    public static readonly IReadOnlyList<ParquetColumn> All =
    [
        new(BronzeSchema.RecordId, ParquetColumnType.String, Dictionary: false),
        new(BronzeSchema.EventTime, ParquetColumnType.TimestampUtc, Dictionary: false),
        new(BronzeSchema.Payload, ParquetColumnType.String, Dictionary: false),
        new(BronzeSchema.Raw, ParquetColumnType.String, Dictionary: false),
        new(BronzeSchema.SourceFile, ParquetColumnType.String, Dictionary: true),
        new(BronzeSchema.LineNumber, ParquetColumnType.Int64, Dictionary: false),
        new(BronzeSchema.IngestionTime, ParquetColumnType.TimestampUtc, Dictionary: true),
        new(BronzeSchema.FileHash, ParquetColumnType.String, Dictionary: true),
        new(BronzeSchema.BatchId, ParquetColumnType.String, Dictionary: true),
    ];
}
