using System.Globalization;

namespace Cartwheel.Quality;

/// <summary>Parses one expectation mapping and checks that its type gets exactly the parameters it needs.</summary>
internal static class ExpectationParser
{
    public static readonly string[] Keys =
    [
        "name", "type", "severity", "column", "columns", "key", "values", "min", "max", "pattern", "to", "field", "sql",
        "max_age", "relative_to", "lookback_days", "min_history_days", "z_threshold", "max_rate",
    ];

    public static Expectation Parse(NodeReader reader, string? partitionColumn)
    {
        var typeText = reader.Required("type");
        if (!QualityNames.TryParse<ExpectationType>(typeText, out var type))
        {
            throw reader.ErrorAt("type", $"unknown expectation type '{typeText}' (expected one of: {string.Join(", ", QualityNames.All<ExpectationType>())})");
        }

        var severityText = reader.Optional("severity") ?? (type == ExpectationType.ErrorRate ? "warn" : "error");
        if (!QualityNames.TryParse<Severity>(severityText, out var severity))
        {
            throw reader.ErrorAt("severity", $"severity must be error or warn, not '{severityText}'");
        }

        var columns = reader.Identifiers("column").Concat(reader.Identifiers("columns")).ToList();
        EnsureColumns(reader, type, columns.Count);
        var name = reader.Optional("name") ?? string.Join('_', new[] { type.Name() }.Concat(columns));
        var expectation = new Expectation(name, type, severity, reader.Line)
        {
            Columns = columns,
            Key = reader.Identifiers("key"),
            Values = reader.List("values"),
            Min = reader.Decimal("min"),
            Max = reader.Decimal("max"),
            Pattern = reader.Optional("pattern"),
            ToTable = reader.Optional("to"),
            ToColumn = reader.Optional("field"),
            Sql = reader.Optional("sql"),
            MaxAge = reader.Optional("max_age") is { } age ? Duration(reader, age) : TimeSpan.Zero,
            RelativeTo = reader.Optional("relative_to") switch
            {
                null or "partition_end" => FreshnessReference.PartitionEnd,
                "now" => FreshnessReference.Now,
                var other => throw reader.ErrorAt("relative_to", $"relative_to must be partition_end or now, not '{other}'"),
            },
            LookbackDays = reader.Int("lookback_days", 14, 2),
            MinHistoryDays = reader.Int("min_history_days", 7, 2),
            ZThreshold = reader.Double("z_threshold", 3.0, 0),
            MaxRate = reader.Double("max_rate", 0.001, 0),
        };
        Validate(reader, expectation, partitionColumn);
        return expectation;
    }

    private static void EnsureColumns(NodeReader reader, ExpectationType type, int count)
    {
        var (min, max) = type switch
        {
            ExpectationType.NotNull or ExpectationType.Unique => (1, int.MaxValue),
            ExpectationType.AcceptedValues or ExpectationType.Between or ExpectationType.Regex or ExpectationType.Relationships
                or ExpectationType.MeanBetween or ExpectationType.Freshness => (1, 1),
            _ => (0, 0),
        };
        if (count < min || count > max)
        {
            throw reader.Error(max == 0 ? $"{type.Name()} takes no column" : max == 1 ? $"{type.Name()} needs exactly one column:" : $"{type.Name()} needs column: or columns:");
        }
    }

    private static void Validate(NodeReader reader, Expectation e, string? partitionColumn)
    {
        void Need(bool ok, string message)
        {
            if (!ok)
            {
                throw reader.Error($"{e.Type.Name()} '{e.Name}': {message}");
            }
        }

        switch (e.Type)
        {
            case ExpectationType.AcceptedValues: Need(e.Values.Count > 0, "needs values: [...]"); break;
            case ExpectationType.Between or ExpectationType.RowCountBetween or ExpectationType.MeanBetween:
                Need(e.Min is not null || e.Max is not null, "needs min:, max: or both");
                Need(e.Min is null || e.Max is null || e.Min <= e.Max, "min is greater than max");
                break;
            case ExpectationType.Regex: Need(e.Pattern is not null, "needs pattern:"); break;
            case ExpectationType.Relationships:
                Need(e.ToTable is not null && SuiteParser.QualifiedName().IsMatch(e.ToTable), "needs to: schema.table");
                Need(e.ToColumn is not null && SuiteParser.Identifier().IsMatch(e.ToColumn), "needs field: (the referenced column)");
                break;
            case ExpectationType.Freshness: Need(e.MaxAge > TimeSpan.Zero, "needs max_age: (e.g. 6h, 30m, 1d)"); break;
            case ExpectationType.VolumeAnomaly:
                Need(partitionColumn is not null, "needs the suite's partition_column (it counts rows per day)");
                Need(e.MinHistoryDays <= e.LookbackDays, "min_history_days is greater than lookback_days");
                break;
            case ExpectationType.CustomSql: Need(e.Sql is not null, "needs sql: (a SELECT returning the failing rows)"); break;
        }
    }

    /// <summary>A duration: <c>90s</c>, <c>30m</c>, <c>6h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
    internal static TimeSpan Duration(NodeReader reader, string text)
    {
        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span
            : throw reader.ErrorAt("max_age", $"max_age must be a duration such as 90s, 30m, 6h, 2d or hh:mm:ss, not '{text}'");
    }
}
