using Cartwheel.Quality;

namespace Cartwheel.Server.Orchestration;

/// <summary>One data-quality result in <c>GET /api/v1/quality</c> (as stored in <c>dq_results</c>).</summary>
public sealed record QualityResultResponse(string RunId, string Suite, string Table, string Expectation, string Type, string Severity,
    string Status, string? Observed, long FailingRows, IReadOnlyList<string> SampleKeys, DateOnly Date, DateTimeOffset StartedAt,
    long DurationMs, string? Message, bool Blocks)
{
    public static QualityResultResponse Of(QualityResult r) => new(r.RunId, r.Suite, r.Table, r.Expectation, r.Type.Name(), r.Severity.Name(),
        r.Status.Name(), r.Observed, r.FailingRows, r.SampleKeys, r.Date, r.StartedAt, (long)r.Duration.TotalMilliseconds, r.Message, r.Blocks);
}
