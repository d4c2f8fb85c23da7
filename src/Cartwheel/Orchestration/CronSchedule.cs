using Cronos;

namespace Cartwheel.Orchestration;

/// <summary>A cron expression (5 fields, or 6 with seconds) evaluated in UTC.</summary>
internal sealed class CronSchedule
{
    private static readonly TimeSpan[] Windows = [TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(63), TimeSpan.FromDays(800)];
    private readonly CronExpression _cron;

    public CronSchedule(string expression)
    {
        Expression = expression;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            _cron = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new CartwheelException(ErrorCodes.DagInvalid, $"Invalid cron expression '{expression}': {ex.Message}", ex);
        }
    }

    public string Expression { get; }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _cron.GetNextOccurrence(after, TimeZoneInfo.Utc);

    /// <summary>The first occurrence at or after <paramref name="from"/>.</summary>
    public DateTimeOffset? FirstAtOrAfter(DateTimeOffset from) => _cron.GetNextOccurrence(from, TimeZoneInfo.Utc, inclusive: true);

    /// <summary>
    /// The logical date (interval start) of the latest interval that has ended at <paramref name="now"/>:
    /// the second-to-last occurrence at or before now. Null if there is none in the last ~2 years.
    /// </summary>
    public DateTimeOffset? LatestCompleteInterval(DateTimeOffset now)
    {
        foreach (var window in Windows)
        {
            var occurrences = _cron.GetOccurrences(now - window, now, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true).ToList();
            if (occurrences.Count >= 2)
            {
                return occurrences[^2];
            }
        }

        return null;
    }
}
