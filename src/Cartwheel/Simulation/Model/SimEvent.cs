using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>
/// A generated click event before it is written. Its properties are three typed slots whose JSON names depend on
/// the event type (see <see cref="Formats.EventJson"/>), so no JSON is built until the line is written.
/// </summary>
internal sealed class SimEvent
{
    public required SimSession Session { get; init; }

    public required string EventId { get; init; }

    public required ClickEventType Type { get; init; }

    public string? ProductId { get; init; }

    public required string PageUrl { get; init; }

    public string? Referrer { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    public DateTimeOffset IngestionTime { get; set; }

    public bool Late { get; set; }

    /// <summary>page_type, query or order_id.</summary>
    public string? Text { get; init; }

    /// <summary>results, quantity or cart_items.</summary>
    public int Count { get; init; }

    /// <summary>price, cart_value or revenue.</summary>
    public decimal Amount { get; init; }
}
