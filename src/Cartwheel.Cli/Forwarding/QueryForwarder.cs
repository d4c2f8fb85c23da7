using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cartwheel.Server.Query;
using Cartwheel.Warehouse;

namespace Cartwheel.Cli.Forwarding;

/// <summary>
/// Sends a query to the server that holds the data directory (<c>POST /api/v1/query</c> with its local token) and returns the
/// rows as a local run would; a refusal comes back as the same <see cref="CartwheelException"/> (code and message).
/// </summary>
internal static class QueryForwarder
{
    public static async Task<QueryResult> RunAsync(LiveServer server, string sql, int maxRows, double timeoutSeconds, CancellationToken cancellationToken)
    {
        // The server may wait up to the timeout for the warehouse, then run up to the timeout; 0 means its own maximum.
        using var client = new HttpClient
        {
            BaseAddress = server.BaseAddress,
            Timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds((2 * timeoutSeconds) + 30) : Timeout.InfiniteTimeSpan,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/query") { Content = new StringContent(Body(sql, maxRows, timeoutSeconds), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(QueryFormats.JsonMediaType));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new CartwheelException(ErrorCodes.Internal,
                $"The server at {server.BaseAddress} answered {(int)response.StatusCode} with a body that is not JSON.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (response.IsSuccessStatusCode)
            {
                return QueryJsonReader.Read(root);
            }

            // A problem (RFC 7807): the same code and message the local run would have printed.
            var code = root.TryGetProperty("code", out var c) ? c.GetString() ?? ErrorCodes.Internal : ErrorCodes.Internal;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            throw new CartwheelException(code, detail ?? $"The server at {server.BaseAddress} answered {(int)response.StatusCode}.");
        }
    }

    private static string Body(string sql, int maxRows, double timeoutSeconds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sql", sql);
            json.WriteNumber("max_rows", maxRows);
            json.WriteNumber("timeout_seconds", Math.Max(0, timeoutSeconds));
            json.WriteString("format", "json");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
