using System.Text.Json;
using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Query;

/// <summary>The body of <c>POST /api/v1/query</c>: <c>{"sql": "...", "max_rows": N?, "timeout_seconds": S?, "format": "json"|"csv"|"arrow"?}</c>.</summary>
public sealed record QueryRequest(string Sql, int? MaxRows = null, double? TimeoutSeconds = null, string? Format = null)
{
    /// <summary>Parses the body; anything malformed is a 400 problem naming the field.</summary>
    internal static QueryRequest Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw Invalid($"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The body must be a JSON object with a \"sql\" string.");
            }

            var sql = root.TryGetProperty("sql", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Invalid("\"sql\" (a string) is required.");
            int? maxRows = null;
            if (Present(root, "max_rows") is { } m)
            {
                maxRows = m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var n) && n >= 0 ? n : throw Invalid("\"max_rows\" must be a whole number ≥ 0.");
            }

            double? timeout = null;
            if (Present(root, "timeout_seconds") is { } t)
            {
                timeout = t.ValueKind == JsonValueKind.Number && t.GetDouble() is >= 0 and var seconds && double.IsFinite(seconds)
                    ? seconds
                    : throw Invalid("\"timeout_seconds\" must be a number ≥ 0 (0: the server's maximum).");
            }

            string? format = null;
            if (Present(root, "format") is { } f)
            {
                format = f.ValueKind == JsonValueKind.String ? f.GetString() : throw Invalid("\"format\" must be \"json\", \"csv\" or \"arrow\".");
            }

            return new QueryRequest(sql, maxRows, timeout, format);
        }
    }

    private static JsonElement? Present(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static HttpProblemException Invalid(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, message);
}
