namespace Cartwheel.Catalog;

/// <summary>The consumer position of one source partition: the offset of the next record to read.</summary>
public sealed record SourcePosition(string Source, int Partition, long NextOffset);
