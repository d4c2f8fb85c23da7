namespace Cartwheel.Lake.Parquet;

/// <summary>
/// Work for a bronze file's thread, done in order: compress and add a data page of <see cref="Column"/>, or end a row
/// group (<see cref="End"/> set).
/// </summary>
internal sealed record BronzeJob(ParquetFileWriter File, int Column, SealedPage Page, BronzeRowGroupEnd? End);
