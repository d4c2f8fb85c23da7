using System.Text.Json;
using DuckDB.NET.Data;

namespace Cartwheel.Warehouse;

/// <summary>
/// Runs ad-hoc SQL that may only read: DuckDB's own parser must see nothing but SELECT statements
/// (<c>json_serialize_sql</c> refuses anything else), so INSERT, COPY, ATTACH, SET, PRAGMA, … are refused
/// before anything runs.
/// </summary>
public static class ReadOnlyQuery
{
    /// <summary>Throws <see cref="ErrorCodes.QueryNotReadOnly"/> unless every statement is a SELECT.</summary>
    public static void EnsureReadOnly(Warehouse warehouse, string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new CartwheelException(ErrorCodes.InvalidArgument, "The query is empty.");
        }

        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($1::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter(sql));
        var serialized = command.ExecuteScalar() as string ?? "{}";
        using var document = JsonDocument.Parse(serialized);
        var root = document.RootElement;
        if (!root.TryGetProperty("error", out var error) || !error.GetBoolean())
        {
            return;
        }

        var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var type = root.TryGetProperty("error_type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        if (type.Equals("parser", StringComparison.OrdinalIgnoreCase) || message.Contains("syntax error", StringComparison.OrdinalIgnoreCase))
        {
            throw new CartwheelException(ErrorCodes.QueryFailed, $"The query does not parse: {message}");
        }

        throw new CartwheelException(ErrorCodes.QueryNotReadOnly,
            "Only read-only SELECT queries are allowed (INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, SET and PRAGMA are refused).");
    }

    /// <summary>Checks and runs a query, returning at most <paramref name="maxRows"/> rows.</summary>
    public static QueryResult Execute(Warehouse warehouse, string sql, int maxRows = 10_000, CancellationToken cancellationToken = default)
    {
        EnsureReadOnly(warehouse, sql);
        try
        {
            using var reader = warehouse.Reader(sql);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<IReadOnlyList<object?>>();
            var truncated = false;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (rows.Count == maxRows)
                {
                    truncated = true;
                    break;
                }

                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return new QueryResult(columns, rows, truncated);
        }
        catch (DuckDBException ex)
        {
            throw new CartwheelException(ErrorCodes.QueryFailed, ex.Message, ex);
        }
    }
}
