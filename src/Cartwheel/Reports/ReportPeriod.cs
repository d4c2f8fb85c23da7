using System.Globalization;

namespace Cartwheel.Reports;

/// <summary>The period of a report: a day, an ISO week (Monday–Sunday) or a calendar month containing a date.</summary>
public sealed record ReportPeriod(string Kind, DateOnly Start, DateOnly End)
{
    /// <summary>The period of a kind (<c>daily</c>, <c>weekly</c>, <c>monthly</c>) that contains <paramref name="date"/>.</summary>
    public static ReportPeriod Containing(string kind, DateOnly date) => kind switch
    {
        "daily" => new(kind, date, date),
        "weekly" => new(kind, date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), date.AddDays(-(((int)date.DayOfWeek + 6) % 7) + 6)),
        "monthly" => new(kind, new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month))),
        _ => throw new CartwheelException(ErrorCodes.InvalidArgument, $"Unknown report period '{kind}' (daily, weekly or monthly)."),
    };

    /// <summary>The grain of gold.sales_summary that matches the period.</summary>
    public string Grain => Kind switch { "daily" => "day", "weekly" => "week", _ => "month" };

    /// <summary>The period just before this one.</summary>
    public ReportPeriod Previous() => Containing(Kind, Start.AddDays(-1));

    /// <summary>The folder name: <c>2024-03-05</c>, <c>2024-W10</c> or <c>2024-03</c>.</summary>
    public string Label => Kind switch
    {
        "daily" => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "weekly" => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):D2}"),
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };
}
