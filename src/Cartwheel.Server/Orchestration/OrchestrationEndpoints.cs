using Cartwheel.Catalog;
using Cartwheel.Orchestration;
using Cartwheel.Server.Api;
using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Orchestration;

/// <summary>
/// <c>GET /api/v1/dags</c>, <c>/api/v1/runs?dag=&amp;limit=</c>, <c>/api/v1/runs/{id}</c>, <c>/api/v1/quality?date=</c> (read APIs:
/// API key beyond loopback) and the page <c>/runs.html</c>. Everything is read from the catalog, so it answers while a run is going.
/// </summary>
internal static class OrchestrationEndpoints
{
    public static void MapOrchestrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/dags", (DagRegistry registry) => Results.Json(
            (IReadOnlyList<DagResponse>)[.. registry.All.Select(d => new DagResponse(d.Id, d.Cron, d.Description, d.Sla?.TotalSeconds, d.MaxActiveRuns, d.Catchup,
                [.. d.Tasks.Select(t => new DagTaskResponse(t.Id, t.Upstream, t.TriggerRule.ToString(), t.Pool))]))],
            OrchestrationJsonContext.Default.IReadOnlyListDagResponse));
        api.MapGet("/runs", (DagRunStore store, string? dag, int? limit) =>
        {
            var n = limit ?? 50;
            return n is < 1 or > 1000
                ? throw new HttpProblemException(StatusCodes.Status400BadRequest, "api.invalid_argument", "limit must be between 1 and 1000.")
                : Results.Json((IReadOnlyList<RunResponse>)[.. store.ListRuns(dag, n).Select(RunResponse.Of)], OrchestrationJsonContext.Default.IReadOnlyListRunResponse);
        });
        api.MapGet("/runs/{id}", (DagRunStore store, string id) =>
        {
            var run = store.FindRun(id) ?? throw new HttpProblemException(StatusCodes.Status404NotFound, ErrorCodes.DagRunNotFound, $"No DAG run '{id}'.");
            var attempts = store.ListAttempts(id).ToLookup(a => a.TaskId, StringComparer.Ordinal);
            var tasks = store.ListTaskInstances(id).Select(t => new TaskResponse(t.TaskId, StatusText.Of(t.Status), t.Attempts, t.StartedAt, t.FinishedAt,
                RunResponse.Millis(t.Duration), t.Error, [.. attempts[t.TaskId].Select(AttemptResponse.Of)])).ToList();
            return Results.Json(new RunDetailResponse(RunResponse.Of(run), tasks), OrchestrationJsonContext.Default.RunDetailResponse);
        });
        api.MapGet("/quality", (CatalogStore catalog, DateOnly? date, string? run) => Results.Json(
            (IReadOnlyList<QualityResultResponse>)[.. catalog.ListQualityResults(date, run).Select(QualityResultResponse.Of)],
            OrchestrationJsonContext.Default.IReadOnlyListQualityResultResponse));
        // The page is static; once the dashboard's static files are served (wwwroot as embedded resources), they serve it first.
        app.MapGet("/runs.html", () => Results.Stream(
            typeof(OrchestrationEndpoints).Assembly.GetManifestResourceStream("wwwroot/runs.html")!, "text/html; charset=utf-8"));
    }
}
