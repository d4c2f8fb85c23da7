using Cartwheel.Quality;

namespace Cartwheel.Tests.Quality;

/// <summary>Severities decide the gate; results are stored and read back; failures alert once per table and date.</summary>
public sealed class GateAndStorageTests : IDisposable
{
    private const string WarnFailure = "  - name: statuses\n    type: accepted_values\n    column: status\n    values: [completed]\n    severity: warn\n";
    private const string ErrorFailure = "  - name: amounts\n    type: between\n    column: amount\n    max: 15\n";
    private const string Passing = "  - type: not_null\n    column: order_id\n";
    private readonly QualityHarness _h = new();

    [Fact]
    public async Task Evaluate_OnlyWarnFailures_PassesAndAlerts()
    {
        var result = await _h.EvaluateAsync(QualityHarness.Suite(WarnFailure + Passing));
        result.Passed.ShouldBeTrue();
        result.Results.Select(r => (r.Expectation, r.Severity, r.Status)).ShouldBe(
            [("statuses", Severity.Warn, CheckStatus.Failed), ("not_null_order_id", Severity.Error, CheckStatus.Passed)]);
        var alert = _h.Sink.Sent.ShouldHaveSingleItem().Alert;
        alert.Text.ShouldBe("Data quality failed for gold.orders on 2024-03-05: statuses (warn) failed: 2 of 2 row(s) fail accepted_values");
    }

    [Fact]
    public async Task Evaluate_ErrorFailure_BlocksAndEnsurePassedThrows()
    {
        var suite = QualityHarness.Suite(WarnFailure + ErrorFailure);
        var result = await _h.EvaluateAsync(suite);
        result.Passed.ShouldBeFalse();
        result.Blocking.Select(r => r.Expectation).ShouldBe(["amounts"]);
        var gate = new QualityGate(_h.Warehouse, _h.Catalog, [suite], _h.Clock);
        var ex = await Should.ThrowAsync<CartwheelException>(() => gate.EnsurePassedAsync(QualityHarness.Day, QualityHarness.Day,
            cancellationToken: TestContext.Current.CancellationToken));
        ex.Code.ShouldBe(ErrorCodes.QualityFailed);
        ex.Message.ShouldContain("orders.amounts 2024-03-05 failed");
        // One alert for the table and date, carrying both failures (the second gate has no AlertService).
        _h.Sink.Sent.ShouldHaveSingleItem().Alert.Text.ShouldContain("statuses (warn) failed: 2 of 2 row(s) fail accepted_values; amounts (error) failed");
    }

    [Fact]
    public async Task Evaluate_ErrorSeverityCheckThatCannotRun_Blocks()
    {
        var result = await _h.EvaluateAsync(QualityHarness.Suite("  - type: not_null\n    column: missing\n"));
        result.Results.Single().Status.ShouldBe(CheckStatus.Error);
        result.Passed.ShouldBeFalse();
    }

    [Fact]
    public async Task Evaluate_DateRange_OneResultPerDateStoredAndReadBack()
    {
        var result = await _h.EvaluateAsync(new DateOnly(2024, 3, 4), QualityHarness.Day, QualityHarness.Suite(Passing + ErrorFailure));
        result.Results.Select(r => (r.Date.Day, r.Expectation, r.Status, r.Observed)).ShouldBe([
            (4, "not_null_order_id", CheckStatus.Failed, "1"), (4, "amounts", CheckStatus.Passed, "0"),
            (5, "not_null_order_id", CheckStatus.Passed, "0"), (5, "amounts", CheckStatus.Failed, "2")]);
        var stored = _h.Catalog.ListQualityResults(QualityHarness.Day);
        stored.Count.ShouldBe(2);
        var amounts = stored.Single(r => r.Expectation == "amounts");
        var original = result.Results.Single(r => r.Date == QualityHarness.Day && r.Expectation == "amounts");
        amounts.ShouldBe(original with { StartedAt = amounts.StartedAt, Duration = amounts.Duration, SampleKeys = amounts.SampleKeys });
        amounts.SampleKeys.ShouldBe(["o2", "o3"]);
        amounts.StartedAt.ShouldBe(_h.Clock.GetUtcNow());
        _h.Catalog.ListQualityResults(runId: result.RunId).Count.ShouldBe(4);
    }

    [Fact]
    public async Task ListQualityResults_WithoutRun_LatestPerExpectationAndDate()
    {
        var first = await _h.EvaluateAsync(QualityHarness.Suite(ErrorFailure));
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        _h.Warehouse.Execute("UPDATE gold.orders SET amount = 1");
        var second = await _h.EvaluateAsync(QualityHarness.Suite(ErrorFailure));
        var latest = _h.Catalog.ListQualityResults(QualityHarness.Day).ShouldHaveSingleItem();
        (latest.RunId, latest.Status).ShouldBe((second.RunId, CheckStatus.Passed));
        _h.Catalog.ListQualityResults(runId: first.RunId).Single().Status.ShouldBe(CheckStatus.Failed);
    }

    [Fact]
    public async Task Evaluate_ResolveRelation_ChecksACandidateVersionBeforePublishing()
    {
        _h.Warehouse.Execute("CREATE TABLE gold.orders__candidate AS SELECT * FROM gold.orders; UPDATE gold.orders__candidate SET amount = 99 WHERE order_id = 'o1'");
        var suite = QualityHarness.Suite(ErrorFailure);
        var gate = new QualityGate(_h.Warehouse, _h.Catalog, [suite], _h.Clock);
        var options = new QualityGateOptions { ResolveRelation = name => name == "gold.orders" ? "gold.orders__candidate" : name };
        var candidate = await gate.EvaluateAsync(QualityHarness.Day, QualityHarness.Day, options, TestContext.Current.CancellationToken);
        var result = candidate.Results.Single();
        (result.Table, result.FailingRows).ShouldBe(("gold.orders", 3L));
        result.SampleKeys.ShouldBe(["o1", "o2", "o3"]);
    }

    public void Dispose() => _h.Dispose();
}
