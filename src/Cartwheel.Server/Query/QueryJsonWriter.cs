using System.Text.Json;
using Cartwheel.Warehouse;

namespace Cartwheel.Server.Query;

/// <summary>
/// The JSON answer: <c>{"columns":[{"name","type"}], "rows":[[…]], "row_count", "truncated", "elapsed_ms"}</c>; values as
/// <see cref="QueryValues"/> writes them.
/// </summary>
internal static class QueryJsonWriter
{
    public static async Task WriteAsync(Stream body, QueryResult result, long elapsedMs, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteStartArray("columns");
        foreach (var column in result.Schema)
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            json.WriteString("type", column.Type);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            json.WriteStartArray();
            foreach (var value in row)
            {
                QueryValues.WriteJson(json, value);
            }

            json.WriteEndArray();
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteNumber("row_count", result.Rows.Count);
        json.WriteBoolean("truncated", result.Truncated);
        json.WriteNumber("elapsed_ms", elapsedMs);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
