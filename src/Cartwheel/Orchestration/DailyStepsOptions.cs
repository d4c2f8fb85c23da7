namespace Cartwheel.Orchestration;

/// <summary>Settings of <see cref="PipelineDailySteps"/>.</summary>
public sealed record DailyStepsOptions
{
    /// <summary>The folder scanned for new input files (recursively); null = <c>&lt;data-dir&gt;/inbox</c>.</summary>
    public string? Inbox { get; init; }

    /// <summary>Days before the logical date that silver and gold re-derive (late data), as <c>cartwheel run --date</c>.</summary>
    public int LookbackDays { get; init; } = 2;

    /// <summary>False publishes gold without the quality gate (the quality task still checks the date).</summary>
    public bool GateGold { get; init; } = true;
}
