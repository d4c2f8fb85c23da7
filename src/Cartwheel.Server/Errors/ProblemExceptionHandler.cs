using Cartwheel.Ingest.Segment;
using Cartwheel.Log;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cartwheel.Server.Errors;

/// <summary>The HTTP error boundary: every exception becomes RFC 7807 problem JSON with a stable <c>code</c>.</summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, index) = exception switch
        {
            HttpProblemException p => (p.Status, p.Code, p.Index),
            LogFullException full => (StatusCodes.Status429TooManyRequests, full.Code, (int?)null),
            SegmentMessageException bad => (StatusCodes.Status400BadRequest, bad.Code, null),
            BadHttpRequestException bad => (bad.StatusCode, "request.invalid", null),
            CartwheelException cw => (StatusCodes.Status500InternalServerError, cw.Code, null),
            _ => (StatusCodes.Status500InternalServerError, ErrorCodes.Internal, null),
        };
        if (status >= 500)
        {
            logger.UnhandledError(httpContext.Request.Path, exception);
        }
        else
        {
            logger.RequestRefused(status, code, exception.Message);
        }

        if (((exception as LogFullException)?.RetryAfter ?? (exception as HttpProblemException)?.RetryAfter) is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Problems.WriteAsync(httpContext, status, code, status >= 500 && exception is not CartwheelException ? "Internal server error." : exception.Message, index);
        return true;
    }
}
