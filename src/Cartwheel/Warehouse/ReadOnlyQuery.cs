using System.Globalization;
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

    /// <summary>
    /// Checks and runs a query, returning at most <paramref name="maxRows"/> rows; a query still running after
    /// <paramref name="timeout"/> is interrupted (<see cref="ErrorCodes.QueryTimeout"/>).
    /// </summary>
    public static QueryResult Execute(Warehouse warehouse, string sql, int maxRows = 10_000, CancellationToken cancellationToken = default,
        TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        EnsureReadOnly(warehouse, sql);
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = sql;
        var timedOut = false;
        using var timer = new Timer(_ =>
        {
            timedOut = true;
            command.Cancel();
        }, null, timeout ?? Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var cancellation = cancellationToken.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            var schema = QueryColumn.Describe(reader);
            var columns = schema.Select(c => c.Name).ToList();
            var rows = new List<IReadOnlyList<object?>>();
            var truncated = false;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (timedOut)
                {
                    throw new CartwheelException(ErrorCodes.QueryTimeout, $"The query ran longer than {timeout!.Value.TotalSeconds:0.###} s and was stopped.");
                }

                if (rows.Count == maxRows)
                {
                    truncated = true;
                    break;
                }

                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : WithScale(reader.GetValue(i), schema[i].Scale);
                }

                rows.Add(row);
            }

            return new QueryResult(columns, rows, truncated) { Schema = schema };
        }
        catch (Exception ex) when (timedOut && !cancellationToken.IsCancellationRequested && ex is DuckDBException or OperationCanceledException)
        {
            // DuckDB.NET reports an interrupted statement as a cancellation: here it was our timer, not the caller.
            throw new CartwheelException(ErrorCodes.QueryTimeout, $"The query ran longer than {timeout!.Value.TotalSeconds:0.###} s and was stopped.", ex);
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new CartwheelException(ErrorCodes.QueryFailed, ex.Message, ex);
        }
    }

    /// <summary>
    /// A DECIMAL with its column's scale: DuckDB.NET drops trailing zeros of wide decimals (DECIMAL(38,6) zero comes back as
    /// <c>0</c>), while every printed or served value should show the column's digits (<c>0.000000</c>).
    /// </summary>
    private static object WithScale(object value, int? scale) =>
        value is decimal m && scale is { } s && m.Scale != s && s <= 28
            ? decimal.Parse(m.ToString("F" + s.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;
}
