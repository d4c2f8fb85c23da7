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

    /// <summary>The period kinds, in the order reports are listed.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["daily", "weekly", "monthly"];

    /// <summary>
    /// The period of a kind named by its <see cref="Label"/> (<c>2024-03-05</c>, <c>2024-W10</c>, <c>2024-03</c>); null when the
    /// kind is unknown or the label is not exactly the label of a period of that kind.
    /// </summary>
    public static ReportPeriod? TryParse(string kind, string label)
    {
        DateOnly? start = kind switch
        {
            "daily" when DateOnly.TryParseExact(label, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
            "weekly" when label.Length == 8 && label[4..6] == "-W" && int.TryParse(label[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                && int.TryParse(label[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && y >= 1 && w >= 1 && w <= ISOWeek.GetWeeksInYear(y)
                => DateOnly.FromDateTime(ISOWeek.ToDateTime(y, w, DayOfWeek.Monday)),
            "monthly" when DateOnly.TryParseExact(label + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) => m,
            _ => null,
        };
        return start is { } s && Containing(kind, s) is var period && period.Label == label ? period : null;
    }

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
