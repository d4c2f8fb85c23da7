namespace Cartwheel.Orchestration;

/// <summary>What started a DAG run.</summary>
public enum RunType
{
    Manual,
    Scheduled,
    Backfill,
}
