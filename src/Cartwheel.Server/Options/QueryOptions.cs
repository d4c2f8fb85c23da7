namespace Cartwheel.Server.Options;

/// <summary>Limits of <c>POST /api/v1/query</c> (section <c>Cartwheel:Query</c>).</summary>
public sealed class QueryOptions : ISelfValidating
{
    /// <summary>Rows returned when the request names no <c>max_rows</c>.</summary>
    public int DefaultMaxRows { get; set; } = 10_000;

    /// <summary>The most rows any request gets; a larger <c>max_rows</c> is lowered to it (and the answer says truncated).</summary>
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Statement timeout when the request names no <c>timeout_seconds</c>.</summary>
    public double DefaultTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest statement timeout any request gets (also what <c>timeout_seconds: 0</c> means).</summary>
    public double MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>The largest request body (the JSON holding the SQL); beyond it → 413.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DefaultMaxRows < 0 || MaxRows < 1 || DefaultMaxRows > MaxRows)
        {
            errors.Add("Query:MaxRows must be positive and Query:DefaultMaxRows between 0 and it.");
        }

        if (DefaultTimeoutSeconds <= 0 || MaxTimeoutSeconds <= 0 || DefaultTimeoutSeconds > MaxTimeoutSeconds)
        {
            errors.Add("Query:MaxTimeoutSeconds must be positive and Query:DefaultTimeoutSeconds between 0 (exclusive) and it.");
        }

        if (MaxRequestBytes < 1024)
        {
            errors.Add("Query:MaxRequestBytes must be at least 1024.");
        }

        return errors;
    }
}
