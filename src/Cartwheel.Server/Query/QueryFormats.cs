using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Query;

/// <summary>Names and media types of <see cref="QueryFormat"/>; the body's <c>format</c> wins over the Accept header.</summary>
public static class QueryFormats
{
    public const string JsonMediaType = "application/json";
    public const string CsvMediaType = "text/csv";
    public const string ArrowMediaType = "application/vnd.apache.arrow.stream";

    public static string MediaType(this QueryFormat format) => format switch
    {
        QueryFormat.Csv => CsvMediaType + "; charset=utf-8; header=present",
        QueryFormat.Arrow => ArrowMediaType,
        _ => JsonMediaType + "; charset=utf-8",
    };

    public static string Name(this QueryFormat format) => format.ToString().ToLowerInvariant();

    internal static QueryFormat Negotiate(string? requested, string accept)
    {
        if (requested is not null)
        {
            return requested.ToLowerInvariant() switch
            {
                "json" => QueryFormat.Json,
                "csv" => QueryFormat.Csv,
                "arrow" => QueryFormat.Arrow,
                _ => throw new HttpProblemException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument,
                    $"format '{requested}' is not one of json, csv, arrow."),
            };
        }

        // The first of the three that the Accept header names; anything else (*/*, none) gets JSON.
        foreach (var part in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var mediaType = part.Split(';', 2)[0].Trim();
            if (mediaType.Equals(ArrowMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return QueryFormat.Arrow;
            }

            if (mediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return QueryFormat.Csv;
            }

            if (mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return QueryFormat.Json;
            }
        }

        return QueryFormat.Json;
    }
}
