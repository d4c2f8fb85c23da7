namespace Cartwheel.Server.Orchestration;

/// <summary>One DAG in <c>GET /api/v1/dags</c>.</summary>
public sealed record DagResponse(string Id, string? Schedule, string Description, double? SlaSeconds, int MaxActiveRuns, bool Catchup,
    IReadOnlyList<DagTaskResponse> Tasks);
