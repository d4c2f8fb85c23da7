using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>
/// Which click event type a Segment <c>track</c> event becomes: the E-commerce spec names (v2, and v1 aliases),
/// extra names from settings, and a default for every other name (kept, never dropped; see docs/collector.md).
/// </summary>
public sealed class SegmentEventMap
{
    private static readonly Dictionary<string, ClickEventType> Spec = new(StringComparer.Ordinal)
    {
        ["products searched"] = ClickEventType.Search,
        ["searched products"] = ClickEventType.Search,
        ["product viewed"] = ClickEventType.ProductView,
        ["viewed product"] = ClickEventType.ProductView,
        ["product clicked"] = ClickEventType.ProductView,
        ["product added"] = ClickEventType.AddToCart,
        ["added product"] = ClickEventType.AddToCart,
        ["product removed"] = ClickEventType.RemoveFromCart,
        ["removed product"] = ClickEventType.RemoveFromCart,
        ["checkout started"] = ClickEventType.CheckoutStarted,
        ["started checkout"] = ClickEventType.CheckoutStarted,
        ["order completed"] = ClickEventType.Purchase,
        ["completed order"] = ClickEventType.Purchase,
    };

    private static readonly Dictionary<string, ClickEventType>.AlternateLookup<ReadOnlySpan<char>> SpecByChars = Spec.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Dictionary<string, ClickEventType> _extra;
    private readonly Dictionary<string, ClickEventType>.AlternateLookup<ReadOnlySpan<char>> _extraByChars;

    public SegmentEventMap(IReadOnlyDictionary<string, ClickEventType>? extra = null, ClickEventType unknown = ClickEventType.PageView)
    {
        _extra = (extra ?? new Dictionary<string, ClickEventType>()).ToDictionary(p => Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        _extraByChars = _extra.GetAlternateLookup<ReadOnlySpan<char>>();
        Unknown = unknown;
    }

    /// <summary>The built-in map with unknown names as <see cref="ClickEventType.PageView"/>.</summary>
    public static SegmentEventMap Default { get; } = new();

    /// <summary>The type of events no map names.</summary>
    public ClickEventType Unknown { get; }

    /// <summary>The spec event an event name is (normalised: lower case, '_' as ' '), e.g. <c>order completed</c>.</summary>
    public static string Normalize(string name) => name.Trim().Replace('_', ' ').ToLowerInvariant();

    /// <summary>The click event type of an event name; <paramref name="known"/> is false for the default.</summary>
    public ClickEventType TypeOf(string name, out bool known)
    {
        var normalized = Normalize(name);
        known = Spec.TryGetValue(normalized, out var type) || _extra.TryGetValue(normalized, out type);
        return known ? type : Unknown;
    }

    /// <summary><see cref="TypeOf"/> of a name already normalised (<see cref="Normalize"/>), without a string.</summary>
    internal ClickEventType TypeOfNormalized(ReadOnlySpan<char> normalized, out bool known)
    {
        known = SpecByChars.TryGetValue(normalized, out var type) || _extraByChars.TryGetValue(normalized, out type);
        return known ? type : Unknown;
    }
}
