namespace Cartwheel.Streaming;

public sealed partial class StreamProcessor
{
    // When the last micro-batch that read every partition to its end started reading (TimeProvider timestamp): every
    // record appended before it is committed once that batch is, so no unprocessed record is older than this.
    private long _caughtUpAt;

    /// <summary>
    /// The records between the committed positions and the log's end, and how old the oldest of them is at most: the
    /// time since the last micro-batch that read every partition to its end started. Zero before the processor starts
    /// (a server whose stream is disabled never lags). Safe to call from any thread.
    /// </summary>
    public StreamLag Lag()
    {
        var positions = Volatile.Read(ref _positions);
        long records = 0;
        for (var p = 0; p < positions.Length; p++)
        {
            records += Math.Max(0, _log.EndOffset(p) - positions[p]);
        }

        return records == 0 ? default : new StreamLag(records, _time.GetElapsedTime(Volatile.Read(ref _caughtUpAt)));
    }

    private void CaughtUp(long readStarted) => Volatile.Write(ref _caughtUpAt, readStarted);
}
