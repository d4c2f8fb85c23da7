using Cartwheel.Server.Api;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Cartwheel.Warehouse;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Query;

/// <summary>
/// <c>POST /api/v1/query</c>: read-only SQL over the warehouse, answered as JSON, CSV or an Arrow IPC stream. Always needs an
/// API key or the local token (even on loopback); refusals are RFC 7807 problems (docs/query-api.md).
/// </summary>
internal static class QueryEndpoints
{
    public const string TruncatedHeader = "X-Cartwheel-Truncated";
    public const string RowCountHeader = "X-Cartwheel-Row-Count";
    public const string ElapsedHeader = "X-Cartwheel-Elapsed-Ms";

    public static void MapQueryApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/query", HandleAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithMetadata(ApiKeyAlwaysRequired.Instance);

    private static async Task HandleAsync(HttpContext context, QueryService service, QueryMetrics metrics, IOptions<QueryOptions> options,
        ILogger<QueryService> logger)
    {
        var cancellationToken = context.RequestAborted;
        var body = await ReadBodyAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        var request = QueryRequest.Parse(body);
        var format = QueryFormats.Negotiate(request.Format, context.Request.Headers.Accept.ToString());
        (QueryResult Result, long ElapsedMs) answer;
        try
        {
            answer = await service.RunAsync(request, cancellationToken);
        }
        catch (CartwheelException ex) when (ex is not HttpProblemException)
        {
            var (status, outcome) = ex.Code switch
            {
                ErrorCodes.QueryTimeout => (StatusCodes.Status504GatewayTimeout, "timeout"),
                ErrorCodes.WarehouseLocked => (StatusCodes.Status503ServiceUnavailable, "busy"),
                ErrorCodes.QueryNotReadOnly => (StatusCodes.Status400BadRequest, "refused"),
                ErrorCodes.QueryFailed or ErrorCodes.InvalidArgument => (StatusCodes.Status400BadRequest, "failed"),
                _ => (StatusCodes.Status500InternalServerError, "failed"),
            };
            metrics.Count(format, outcome);
            logger.QueryRefused(status, ex.Code, ex.Message);
            // The error boundary clears the response before writing the problem: headers travel on the exception.
            throw new HttpProblemException(status, ex.Code, ex.Message, innerException: ex)
            {
                RetryAfter = status == StatusCodes.Status503ServiceUnavailable ? TimeSpan.FromSeconds(5) : null,
            };
        }

        var (rows, elapsed) = (answer.Result.Rows.Count, answer.ElapsedMs);
        metrics.Count(format, "ok", rows);
        logger.QueryAnswered(format.Name(), rows, answer.Result.Truncated, elapsed);
        var response = context.Response;
        response.ContentType = format.MediaType();
        response.Headers[RowCountHeader] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[ElapsedHeader] = elapsed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.Result.Truncated)
        {
            response.Headers[TruncatedHeader] = "true";
        }

        switch (format)
        {
            case QueryFormat.Csv: await QueryCsvWriter.WriteAsync(response.Body, answer.Result, cancellationToken); break;
            case QueryFormat.Arrow: await QueryArrowWriter.WriteAsync(response.Body, answer.Result, cancellationToken); break;
            default: await QueryJsonWriter.WriteAsync(response.Body, answer.Result, elapsed, cancellationToken); break;
        }
    }

    /// <summary>The body, refused with 413 beyond <paramref name="limit"/> bytes (declared or actually sent).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HttpProblemException TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.QueryTooLarge, $"The request is larger than {limit} bytes (setting Cartwheel:Query:MaxRequestBytes).");
}
