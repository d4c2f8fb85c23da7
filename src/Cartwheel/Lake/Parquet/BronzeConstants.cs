namespace Cartwheel.Lake.Parquet;

/// <summary>The per-batch values of every bronze row (a row may override the source file).</summary>
internal sealed record BronzeConstants(string SourceFile, long IngestionTimeMicros, string FileHash, string BatchId);
