namespace Cartwheel.Server.Orchestration;

/// <summary>One task of a DAG: its id, the tasks it waits for, its trigger rule and pool.</summary>
public sealed record DagTaskResponse(string Id, IReadOnlyList<string> Upstream, string TriggerRule, string? Pool);
