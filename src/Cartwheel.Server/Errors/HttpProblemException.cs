namespace Cartwheel.Server.Errors;

/// <summary>
/// A refusal at the HTTP boundary with its status, stable code and, for batches, the index of the offending
/// record; <see cref="ProblemExceptionHandler"/> writes it as RFC 7807 problem JSON.
/// </summary>
public sealed class HttpProblemException : CartwheelException
{
    public HttpProblemException(int status, string code, string message, int? index = null, Exception? innerException = null)
        : base(code, message, innerException)
    {
        Status = status;
        Index = index;
    }

    public HttpProblemException()
        : this(500, ErrorCodes.Internal, "Internal error.")
    {
    }

    public HttpProblemException(string message)
        : this(500, ErrorCodes.Internal, message)
    {
    }

    public HttpProblemException(string message, Exception innerException)
        : this(500, ErrorCodes.Internal, message, null, innerException)
    {
    }

    public int Status { get; }

    /// <summary>The 0-based index of the offending event in the batch, when one is to blame.</summary>
    public int? Index { get; }

    /// <summary>When set, the problem carries <c>Retry-After</c> (whole seconds).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static HttpProblemException Unauthorized(string message) => new(401, "collector.unauthorized", message);

    public static HttpProblemException BadEvent(int index, string code, string message, Exception? inner = null) =>
        new(400, code, $"Event {index}: {message}", index, inner);
}
