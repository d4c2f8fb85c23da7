using Cartwheel.Catalog;
using Cartwheel.Quality;

namespace Cartwheel.Tests.Quality;

/// <summary>The data error rate from catalog batches, exactly, and the error_rate check.</summary>
public sealed class ErrorRateTests : IDisposable
{
    private readonly QualityHarness _h = new();

    public ErrorRateTests()
    {
        // events 2024-03-05: silver partition 1000 received (2 quarantined, 8 duplicates) + an ingest batch recorded
        // that day with 3 records quarantined before they had a date. orders: clean. events 2024-03-04: 1 of 2000.
        Batch("s1", "silver", "events", "2024-03-05", received: 1000, quarantined: 2, duplicates: 8, "2024-03-06T01:00:00Z");
        Batch("i1", "ingest", "events", "", received: 500, quarantined: 3, duplicates: 0, "2024-03-05T10:00:00Z");
        Batch("s2", "silver", "orders", "2024-03-05", received: 400, quarantined: 0, duplicates: 0, "2024-03-06T01:00:00Z");
        Batch("s3", "silver", "events", "2024-03-04", received: 2000, quarantined: 1, duplicates: 0, "2024-03-05T01:00:00Z");
    }

    [Fact]
    public void Compute_PerKindStageAndDay_Exact()
    {
        ErrorRate.Compute(_h.Catalog).ShouldBe([
            new ErrorRateRow("events", "ingest", new DateOnly(2024, 3, 5), 500, 3),
            new ErrorRateRow("events", "silver", new DateOnly(2024, 3, 4), 2000, 1),
            new ErrorRateRow("events", "silver", new DateOnly(2024, 3, 5), 1000, 2),
            new ErrorRateRow("orders", "silver", new DateOnly(2024, 3, 5), 400, 0)]);
        ErrorRate.Compute(_h.Catalog, QualityHarness.Day, "events").Select(r => r.Rate).ShouldBe([3.0 / 500, 2.0 / 1000]);
    }

    [Fact]
    public async Task Check_OverThreshold_FailsWithKindsAsSample()
    {
        var result = await CheckAsync(QualityHarness.Day);
        (result.Status, result.Severity, result.Observed, result.FailingRows).ShouldBe((CheckStatus.Failed, Severity.Warn, "0.006", 5L));
        result.SampleKeys.ShouldBe(["events/ingest=0.006", "events/silver=0.002"]);
    }

    [Fact]
    public async Task Check_ManyDayFileIngestedOnADayWithASmallPartition_JudgedAgainstItsOwnLines()
    {
        // A week's file of 60,000 lines, 40 unreadable (0.067%), ingested on a day whose own partition holds 13 rows:
        // the unreadable lines are a rate of the file, not 40 of 53 records of that day.
        Batch("i2", "ingest", "events", "", received: 60_000, quarantined: 40, duplicates: 0, "2024-03-07T09:00:00Z");
        Batch("s4", "silver", "events", "2024-03-07", received: 13, quarantined: 0, duplicates: 0, "2024-03-07T09:05:00Z");

        var result = await CheckAsync(new DateOnly(2024, 3, 7));

        (result.Status, result.Observed).ShouldBe((CheckStatus.Passed, "0.000667"));
    }

    [Fact]
    public async Task Check_UnderThresholdOrNothingIngested_PassesOrSkips()
    {
        var under = await CheckAsync(new DateOnly(2024, 3, 4));
        (under.Status, under.Observed).ShouldBe((CheckStatus.Passed, "0.0005"));
        (await CheckAsync(new DateOnly(2024, 3, 9))).Status.ShouldBe(CheckStatus.Skipped);
    }

    private async Task<QualityResult> CheckAsync(DateOnly date)
    {
        var suite = SuiteParser.Parse("table: catalog\nexpectations:\n  - type: error_rate\n", "pipeline.yml");
        return (await _h.EvaluateAsync(date, date, suite)).Results.Single();
    }

    private void Batch(string id, string stage, string kind, string dt, long received, long quarantined, long duplicates, string recordedAt)
    {
        using var connection = _h.Catalog.OpenConnection();
        CatalogStore.Execute(connection, null,
            "INSERT INTO batches (batch_id, stage, kind, dt, source, run_id, received, accepted, quarantined, duplicates, recorded_at) VALUES ($b, $s, $k, $d, 'test', NULL, $r, $a, $q, $u, $t)",
            ("$b", id), ("$s", stage), ("$k", kind), ("$d", dt), ("$r", received), ("$a", received - quarantined - duplicates),
            ("$q", quarantined), ("$u", duplicates), ("$t", recordedAt));
    }

    public void Dispose() => _h.Dispose();
}
