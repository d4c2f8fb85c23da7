using System.Globalization;

namespace Cartwheel.Quality;

internal sealed partial class QualityRunner
{
    private CheckOutcome RowCount(Expectation e, string scope)
    {
        var count = warehouse.Scalar<long>($"SELECT count(*) FROM {scope}");
        var passed = CheckOutcome.Within(count, e.Min, e.Max);
        return CheckOutcome.Of(passed, count.ToString(CultureInfo.InvariantCulture),
            message: passed ? null : $"{count} rows, expected {CheckOutcome.Bounds(e.Min, e.Max)}");
    }

    private CheckOutcome Mean(Expectation e, string scope)
    {
        var column = ExpectationSql.Quote(e.Columns[0]);
        if (Value($"SELECT avg(CAST({column} AS DOUBLE)) FROM {scope}") is not double value)
        {
            return CheckOutcome.Skipped("no non-null values to average");
        }

        var observed = CheckOutcome.Number(value, 6);
        var passed = CheckOutcome.Within(decimal.Parse(observed, CultureInfo.InvariantCulture), e.Min, e.Max);
        return CheckOutcome.Of(passed, observed, message: passed ? null : $"mean {observed}, expected {CheckOutcome.Bounds(e.Min, e.Max)}");
    }

    /// <summary>
    /// Age = reference − newest value of the column in the checked rows; the reference is the end of the date
    /// (capped at now) or now. Observed is the age in seconds; no rows at all fails.
    /// </summary>
    private CheckOutcome Freshness(Expectation e, string scope, DateOnly date)
    {
        var newestUs = Value($"SELECT epoch_us(max(CAST({ExpectationSql.Quote(e.Columns[0])} AS TIMESTAMPTZ))) FROM {scope}");
        var now = timeProvider.GetUtcNow();
        var end = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var reference = e.RelativeTo == FreshnessReference.Now || end > now ? now : end;
        if (newestUs is not long us)
        {
            return CheckOutcome.Of(false, null, message: "no rows: nothing is fresh");
        }

        var newest = DateTimeOffset.UnixEpoch.AddTicks(us * 10);
        var age = reference - newest;
        var passed = age <= e.MaxAge;
        return CheckOutcome.Of(passed, CheckOutcome.Number(age.TotalSeconds, 3),
            message: string.Create(CultureInfo.InvariantCulture, $"newest {newest:yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'}, age {age} at {reference:yyyy-MM-dd'T'HH:mm:ss'Z'} (max {e.MaxAge})"));
    }

    /// <summary>
    /// z = (rows of the date − mean) ÷ sample standard deviation of the rows per day over the lookback days before it,
    /// counting only days with rows. Fewer than min_history_days such days: skipped. A flat history (sd 0) fails on any change.
    /// </summary>
    private CheckOutcome Volume(ExpectationSuite suite, Expectation e, DateOnly date)
    {
        var day = $"CAST({ExpectationSql.Quote(suite.PartitionColumn!)} AS DATE)";
        var counts = new Dictionary<DateOnly, long>();
        using (var reader = warehouse.Reader(
            $"SELECT {day} AS d, count(*) FROM {resolve(suite.Table)} WHERE {day} BETWEEN {ExpectationSql.DateLiteral(date.AddDays(-e.LookbackDays))} AND {ExpectationSql.DateLiteral(date)} GROUP BY d"))
        {
            while (reader.Read())
            {
                counts[DateOnly.FromDateTime(reader.GetDateTime(0))] = reader.GetInt64(1);
            }
        }

        var today = counts.GetValueOrDefault(date);
        var history = counts.Where(c => c.Key < date).Select(c => (double)c.Value).ToList();
        if (history.Count < e.MinHistoryDays)
        {
            return CheckOutcome.Skipped(string.Create(CultureInfo.InvariantCulture,
                $"{history.Count} day(s) of history in the {e.LookbackDays} days before, {e.MinHistoryDays} needed"), today.ToString(CultureInfo.InvariantCulture));
        }

        var mean = history.Average();
        var sd = Math.Sqrt(history.Sum(h => (h - mean) * (h - mean)) / (history.Count - 1));
        var z = sd == 0 ? (today == mean ? 0 : double.PositiveInfinity * Math.Sign(today - mean)) : (today - mean) / sd;
        var passed = Math.Abs(z) <= e.ZThreshold;
        var observed = double.IsInfinity(z) ? (z > 0 ? "inf" : "-inf") : CheckOutcome.Number(z, 4);
        return CheckOutcome.Of(passed, observed, message: string.Create(CultureInfo.InvariantCulture,
            $"{today} rows vs mean {CheckOutcome.Number(mean, 2)} (sd {CheckOutcome.Number(sd, 2)}) over {history.Count} day(s); |z| ≤ {e.ZThreshold} expected"));
    }

    private object? Value(string sql)
    {
        using var reader = warehouse.Reader(sql);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }
}
