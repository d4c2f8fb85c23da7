using System.Globalization;
using System.Text.RegularExpressions;

namespace Cartwheel.Quality;

/// <summary>
/// Compiles expectations to DuckDB SQL. Row-level expectations become a query of failing rows
/// <c>(k VARCHAR, n BIGINT)</c>: k the sample key, n the rows it stands for (1, or a duplicate group's size).
/// Identifiers were validated by the parser; values are quoted as literals.
/// </summary>
internal static partial class ExpectationSql
{
    /// <summary>The checked rows: the date's partition, or the whole table without a partition column.</summary>
    public static string Scope(ExpectationSuite suite, string relation, DateOnly date) => suite.PartitionColumn is null
        ? $"(SELECT * FROM {relation})"
        : $"(SELECT * FROM {relation} WHERE CAST({Quote(suite.PartitionColumn)} AS DATE) = {DateLiteral(date)})";

    public static string DateLiteral(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"DATE '{date:yyyy-MM-dd}'");

    public static string Quote(string identifier) => "\"" + identifier + "\"";

    /// <summary>The failing rows of a row-level expectation; null for aggregate types.</summary>
    public static string? FailingRows(ExpectationSuite suite, Expectation e, string scope, Func<string, string> resolve, DateOnly date)
    {
        var key = KeyText(e.Key.Count > 0 ? e.Key : suite.Key.Count > 0 ? suite.Key : e.Columns);
        var column = e.Columns.Count > 0 ? Quote(e.Columns[0]) : string.Empty;
        return e.Type switch
        {
            ExpectationType.NotNull => $"SELECT {key} AS k, 1 AS n FROM {scope} WHERE {string.Join(" OR ", e.Columns.Select(c => Quote(c) + " IS NULL"))}",
            ExpectationType.Unique => $"SELECT {KeyText(e.Columns)} AS k, count(*) AS n FROM {scope} " +
                $"WHERE {string.Join(" AND ", e.Columns.Select(c => Quote(c) + " IS NOT NULL"))} " +
                $"GROUP BY {string.Join(", ", e.Columns.Select(Quote))} HAVING count(*) > 1",
            ExpectationType.AcceptedValues => $"SELECT {key} AS k, 1 AS n FROM {scope} WHERE {column} IS NOT NULL " +
                $"AND CAST({column} AS VARCHAR) NOT IN ({string.Join(", ", e.Values.Select(Warehouse.Warehouse.Literal))})",
            ExpectationType.Between => $"SELECT {key} AS k, 1 AS n FROM {scope} WHERE {column} IS NOT NULL AND ({OutOfBounds(column, e.Min, e.Max)})",
            ExpectationType.Regex => $"SELECT {key} AS k, 1 AS n FROM {scope} WHERE {column} IS NOT NULL " +
                $"AND NOT regexp_full_match(CAST({column} AS VARCHAR), {Warehouse.Warehouse.Literal(e.Pattern!)})",
            ExpectationType.Relationships => $"SELECT {key} AS k, 1 AS n FROM {scope} AS s WHERE s.{column} IS NOT NULL " +
                $"AND NOT EXISTS (SELECT 1 FROM {resolve(e.ToTable!)} AS r WHERE r.{Quote(e.ToColumn!)} = s.{column})",
            ExpectationType.CustomSql => $"SELECT {(e.Key.Count > 0 || suite.Key.Count > 0 ? key : "CAST(NULL AS VARCHAR)")} AS k, 1 AS n FROM ({CustomSql(e, scope, date, resolve)}) AS custom",
            _ => null,
        };
    }

    /// <summary>
    /// A custom expectation's SQL with <c>{partition}</c> and <c>{date}</c> substituted, and every <c>gold.&lt;table&gt;</c>
    /// it names mapped through <paramref name="resolve"/>: checked against a candidate gold version, the SQL reads the
    /// candidate's tables, not the published ones.
    /// </summary>
    public static string CustomSql(Expectation e, string scope, DateOnly date, Func<string, string> resolve) =>
        GoldRelation().Replace(e.Sql!.Trim().TrimEnd(';'), m => resolve(m.Value))
            .Replace("{partition}", scope, StringComparison.Ordinal).Replace("{date}", DateLiteral(date), StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![\w.""])gold\.[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex GoldRelation();

    /// <summary>Sums the failing rows: (failing rows, failing keys, JSON array of at most 10 keys sorted).</summary>
    public static string Summary(string failingRows) =>
        $"""
        WITH f AS ({failingRows})
        SELECT (SELECT coalesce(sum(n), 0) FROM f)::BIGINT, (SELECT count(*) FROM f)::BIGINT,
               (SELECT to_json(coalesce(list(k ORDER BY k), [])) FROM (SELECT DISTINCT k FROM f WHERE k IS NOT NULL ORDER BY k LIMIT 10))::VARCHAR
        """;

    private static string KeyText(IReadOnlyList<string> columns) => columns.Count switch
    {
        0 => "CAST(NULL AS VARCHAR)",
        1 => $"coalesce(CAST({Quote(columns[0])} AS VARCHAR), 'NULL')",
        _ => $"concat_ws('|', {string.Join(", ", columns.Select(c => $"coalesce(CAST({Quote(c)} AS VARCHAR), 'NULL')"))})",
    };

    private static string OutOfBounds(string column, decimal? min, decimal? max) => string.Join(" OR ", new[]
    {
        min is null ? null : string.Create(CultureInfo.InvariantCulture, $"{column} < {min.Value}"),
        max is null ? null : string.Create(CultureInfo.InvariantCulture, $"{column} > {max.Value}"),
    }.OfType<string>());
}
