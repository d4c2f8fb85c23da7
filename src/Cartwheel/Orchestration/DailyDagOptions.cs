namespace Cartwheel.Orchestration;

/// <summary>Settings of the built-in <c>daily</c> DAG (server section <c>Cartwheel:Dags:daily</c>).</summary>
public sealed record DailyDagOptions
{
    /// <summary>Cron (UTC): 00:30, so collectors have flushed the day that just ended.</summary>
    public string Schedule { get; init; } = "30 0 * * *";

    /// <summary>Done this long after the data interval ends (04:30 UTC with the default schedule).</summary>
    public TimeSpan Sla { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Retries of every task but quality (a failed expectation is not transient).</summary>
    public RetryPolicy Retry { get; init; } = new(2, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));
}
