namespace Cartwheel.Streaming;

/// <summary>What a key of the real-time store holds, as a checkpoint part records it (the byte in <see cref="StateLogPart"/>).</summary>
internal enum StateKeyType : byte
{
    Deleted = 0,
    Hash = 1,
    SortedSet = 2,
    Set = 3,
    Sketch = 4,
}
