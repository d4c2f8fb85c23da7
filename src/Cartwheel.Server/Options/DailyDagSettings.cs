namespace Cartwheel.Server.Options;

/// <summary>The daily DAG's settings (section <c>Cartwheel:Dags:daily</c>).</summary>
public sealed class DailyDagSettings
{
    /// <summary>Cron, UTC.</summary>
    public string Schedule { get; set; } = "30 0 * * *";

    /// <summary>Done this long after the data interval ends.</summary>
    public TimeSpan Sla { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The inbox folder; default <c>&lt;data-dir&gt;/inbox</c>.</summary>
    public string? Inbox { get; set; }

    public int LookbackDays { get; set; } = 2;
}
