using Cartwheel.Catalog;

namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    // A processor writes a full part first (its start may follow an upgrade from the JSON checkpoint) and then again
    // whenever the deltas since the last full part outweigh it: restoring reads at most about twice the state, and
    // writing costs at most about twice the deltas.
    private bool _fullDue = true;
    private long _fullBytes;
    private long _deltaBytesSinceFull;

    /// <summary>The checkpoint part this batch commits: the keys it changed, or the whole store when a full part is due.</summary>
    private StreamStatePart CheckpointPart() =>
        _fullDue || _deltaBytesSinceFull >= _fullBytes
            ? new StreamStatePart(true, StateLogPart.Full(_store.Export()))
            : new StreamStatePart(false, StateLogPart.Delta(_store, _changes.Changed));

    /// <summary>After the commit: the next delta starts from here.</summary>
    private void Checkpointed(StreamStatePart part)
    {
        _changes.ClearChanges();
        if (part.IsFull)
        {
            _fullDue = false;
            _fullBytes = part.State.Length;
            _deltaBytesSinceFull = 0;
        }
        else
        {
            _deltaBytesSinceFull += part.State.Length;
        }
    }
}
