using Microsoft.AspNetCore.Mvc;

namespace Cartwheel.Server.Errors;

/// <summary>Writes RFC 7807 problem JSON: type <c>urn:cartwheel:problem:&lt;code&gt;</c>, plus <c>code</c> and <c>index</c>.</summary>
internal static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string code, string detail, int? index = null)
    {
        var problem = new ProblemDetails
        {
            Type = "urn:cartwheel:problem:" + code,
            Title = ReasonPhrase(status),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        if (index is { } i)
        {
            problem.Extensions["index"] = i;
        }

        context.Response.StatusCode = status;
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
