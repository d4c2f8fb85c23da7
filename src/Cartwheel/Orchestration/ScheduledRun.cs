namespace Cartwheel.Orchestration;

/// <summary>A run the scheduler started; <see cref="Completion"/> ends when the run is finished.</summary>
public sealed record ScheduledRun(string DagId, DateTimeOffset LogicalDate, Task<DagRunRecord> Completion);
