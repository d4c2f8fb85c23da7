namespace Cartwheel.Ingest.Segment;

/// <summary>A Segment message that cannot be mapped (missing ids, bad timestamp, unknown type); the HTTP boundary answers 400.</summary>
public sealed class SegmentMessageException : CartwheelException
{
    public SegmentMessageException(string message)
        : base(ErrorCodes.CollectorInvalidEvent, message)
    {
    }

    public SegmentMessageException()
        : this("Invalid Segment message.")
    {
    }

    public SegmentMessageException(string message, Exception innerException)
        : base(ErrorCodes.CollectorInvalidEvent, message, innerException)
    {
    }
}
