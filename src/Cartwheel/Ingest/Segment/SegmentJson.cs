using System.Globalization;
using System.Text.Json;

namespace Cartwheel.Ingest.Segment;

/// <summary>Lenient readers of Segment JSON: nested paths, strings or numbers, absent or null as null.</summary>
internal static class SegmentJson
{
    public static JsonElement? Get(JsonElement element, params ReadOnlySpan<string> path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    public static string? String(JsonElement element, params ReadOnlySpan<string> path) => Get(element, path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text ? text : null,
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    public static decimal? Decimal(JsonElement element, params ReadOnlySpan<string> path)
    {
        var value = Get(element, path);
        decimal parsed;
        if (value is { ValueKind: JsonValueKind.Number } n && n.TryGetDecimal(out parsed))
        {
            return parsed;
        }

        if (value is { ValueKind: JsonValueKind.String } s && decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out parsed))
        {
            return parsed;
        }

        if (value is null)
        {
            return null;
        }

        throw new SegmentMessageException($"'{string.Join('.', path)}' is not a number.");
    }

    public static DateTimeOffset? Time(JsonElement element, params ReadOnlySpan<string> path)
    {
        if (String(element, path) is not { } text)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new SegmentMessageException($"'{string.Join('.', path)}' is not an ISO 8601 time: '{text}'.");
        }

        return Milliseconds(time);
    }

    /// <summary>Contracts carry milliseconds; truncating up front keeps mapped records equal to their JSON round trip.</summary>
    public static DateTimeOffset Milliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
