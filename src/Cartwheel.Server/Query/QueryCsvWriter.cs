using System.Text;
using Cartwheel.Warehouse;

namespace Cartwheel.Server.Query;

/// <summary>The CSV answer: RFC 4180 (CRLF line ends, a header row, fields quoted when they hold a comma, quote or line break).</summary>
internal static class QueryCsvWriter
{
    public static async Task WriteAsync(Stream body, QueryResult result, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var chunk = new StringBuilder();
        AppendLine(chunk, result.Columns);
        foreach (var row in result.Rows)
        {
            AppendLine(chunk, row.Select(QueryValues.Text));
            if (chunk.Length > 32 * 1024)
            {
                await writer.WriteAsync(chunk, cancellationToken);
                chunk.Clear();
            }
        }

        await writer.WriteAsync(chunk, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static void AppendLine(StringBuilder chunk, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                chunk.Append(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                chunk.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                chunk.Append(field);
            }
        }

        chunk.Append("\r\n");
    }
}
