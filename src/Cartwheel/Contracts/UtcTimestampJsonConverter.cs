using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>
/// Writes times as ISO 8601 UTC with a 'Z' and milliseconds (<c>2024-03-01T12:34:56.789Z</c>), the form the
/// contracts promise; System.Text.Json's default would write <c>+00:00</c>. Reads any ISO 8601 offset.
/// </summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The contract's text form of a time.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats a time in the contract's form.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[24];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
