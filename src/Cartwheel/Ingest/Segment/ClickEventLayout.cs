namespace Cartwheel.Ingest.Segment;

/// <summary>
/// Where the values the stream checks are in a click event's contract JSON as the collector wrote it: per value the
/// start and end of its token (a quoted string, or <c>null</c>), counted from the record's first byte.
/// </summary>
internal struct ClickEventLayout
{
    public const int EventId = 0;
    public const int EventTime = 1;
    public const int EventType = 2;
    public const int ProductId = 3;
    public const int SessionId = 4;
    public const int Device = 5;
    public const int Country = 6;
    public const int Count = 7;

    private Tokens _tokens;

    public readonly Range this[int value] => _tokens[value];

    public void Set(int value, int start, int end) => _tokens[value] = new Range(start, end);

    [System.Runtime.CompilerServices.InlineArray(Count)]
    private struct Tokens
    {
        private Range _first;
    }
}
