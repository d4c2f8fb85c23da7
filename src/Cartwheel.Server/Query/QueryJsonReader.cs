using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Cartwheel.Warehouse;

namespace Cartwheel.Server.Query;

/// <summary>
/// Reads the JSON answer of <c>POST /api/v1/query</c> back into a <see cref="QueryResult"/> whose values have the .NET types
/// DuckDB.NET gives for each column type (so the CLI prints a forwarded result exactly as a local one).
/// </summary>
public static class QueryJsonReader
{
    public static QueryResult Read(JsonElement root)
    {
        var schema = root.GetProperty("columns").EnumerateArray()
            .Select(c => new QueryColumn(c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!)).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var row in root.GetProperty("rows").EnumerateArray())
        {
            var values = new object?[schema.Count];
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                values[i] = Value(schema[i].Type, cell);
                i++;
            }

            rows.Add(values);
        }

        return new QueryResult([.. schema.Select(c => c.Name)], rows, root.GetProperty("truncated").GetBoolean()) { Schema = schema };
    }

    private static object? Value(string type, JsonElement cell)
    {
        if (cell.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (cell.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
        {
            return cell.GetRawText();
        }

        return type switch
        {
            "BOOLEAN" => cell.GetBoolean(),
            "TINYINT" => cell.GetSByte(),
            "SMALLINT" => cell.GetInt16(),
            "INTEGER" => cell.GetInt32(),
            "BIGINT" => cell.GetInt64(),
            "UTINYINT" => cell.GetByte(),
            "USMALLINT" => cell.GetUInt16(),
            "UINTEGER" => cell.GetUInt32(),
            "UBIGINT" => cell.GetUInt64(),
            "HUGEINT" or "UHUGEINT" => BigInteger.Parse(cell.GetRawText(), CultureInfo.InvariantCulture),
            "FLOAT" => cell.ValueKind == JsonValueKind.Number ? cell.GetSingle() : float.Parse(cell.GetString()!, CultureInfo.InvariantCulture),
            "DOUBLE" => cell.ValueKind == JsonValueKind.Number ? cell.GetDouble() : double.Parse(cell.GetString()!, CultureInfo.InvariantCulture),
            "DATE" => DateOnly.ParseExact(cell.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "TIME" => TimeOnly.ParseExact(cell.GetString()!, "HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => DateTime.SpecifyKind(
                DateTime.ParseExact(cell.GetString()!, QueryValues.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Unspecified),
            "INTERVAL" => TimeSpan.ParseExact(cell.GetString()!, "c", CultureInfo.InvariantCulture),
            "UUID" => Guid.Parse(cell.GetString()!),
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => cell.GetDecimal(),
            _ => cell.ValueKind == JsonValueKind.String ? cell.GetString() : cell.GetRawText(),
        };
    }
}
