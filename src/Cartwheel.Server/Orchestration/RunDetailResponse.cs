namespace Cartwheel.Server.Orchestration;

/// <summary><c>GET /api/v1/runs/{id}</c>: the run and its tasks, in the DAG's order, each with every attempt.</summary>
public sealed record RunDetailResponse(RunResponse Run, IReadOnlyList<TaskResponse> Tasks);
