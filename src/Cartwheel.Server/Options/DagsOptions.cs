namespace Cartwheel.Server.Options;

/// <summary>Settings of the orchestration in the server (section <c>Cartwheel:Dags</c>; the daily DAG's under <c>Cartwheel:Dags:daily</c>).</summary>
public sealed class DagsOptions : ISelfValidating
{
    /// <summary>False: no scheduler (runs only through the CLI); the run and quality APIs still answer.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>True runs the latest ended interval at once on a data directory without scheduled runs (Airflow); default: wait for the next.</summary>
    public bool RunOnFirstStart { get; set; }

    /// <summary>Alert links point at <c>{BaseUrl}/runs.html#run_id</c>; default: <c>CARTWHEEL_BASE_URL</c> or http://127.0.0.1:8080.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A Slack-compatible alert webhook; default: <c>CARTWHEEL_ALERT_WEBHOOK</c>, else log-only alerts.</summary>
    public Uri? AlertWebhook { get; set; }

    public DailyDagSettings Daily { get; set; } = new();

    public IReadOnlyList<string> Validate()
    {
        // The cron expression is validated when the DAG is built (DagBuilder), which fails the start with its message.
        var errors = new List<string>();
        if (Daily.Sla <= TimeSpan.Zero || Daily.LookbackDays < 0)
        {
            errors.Add("Dags:daily:Sla must be positive and Dags:daily:LookbackDays at least 0.");
        }

        return errors;
    }
}
