using System.Globalization;
using Cartwheel.Quality;

namespace Cartwheel.Tests.Quality;

/// <summary>row_count_between, mean_between, freshness (fixed clock) and volume_anomaly (planted spike), exactly.</summary>
public sealed class AggregateExpectationTests : IDisposable
{
    private readonly QualityHarness _h = new();

    private void PlantOrder(string id, string amount) => _h.Warehouse.Execute(
        $"INSERT INTO gold.orders VALUES ('{id}', 'completed', {amount}, 'e@x.io', 'u1', DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 09:00:00+00')");

    [Fact]
    public async Task RowCountBetween_CountsOnlyThePartition()
    {
        const string yaml = "  - type: row_count_between\n    min: 1\n    max: 3\n";
        var clean = await _h.CheckAsync(yaml);
        (clean.Status, clean.Observed).ShouldBe((CheckStatus.Passed, "3"));
        PlantOrder("o4", "1.00");
        var result = await _h.CheckAsync(yaml);
        (result.Status, result.Observed, result.Message).ShouldBe((CheckStatus.Failed, "4", "4 rows, expected [1, 3]"));
    }

    [Fact]
    public async Task MeanBetween_PlantedOutlier_Fails()
    {
        const string yaml = "  - type: mean_between\n    column: amount\n    min: 10\n    max: 20\n";
        (await _h.CheckAsync(yaml)).Observed.ShouldBe("20");
        PlantOrder("o4", "40.00");
        var result = await _h.CheckAsync(yaml);
        (result.Status, result.Observed).ShouldBe((CheckStatus.Failed, "25"));
    }

    [Fact]
    public async Task Freshness_PartitionEnd_AgeOfNewestEventAtEndOfDay()
    {
        // Newest event 20:00; the day ends 2024-03-06T00:00Z (the clock is past it): age 4 h.
        _h.Clock.SetUtcNow(new DateTimeOffset(2024, 3, 7, 0, 0, 0, TimeSpan.Zero));
        var fresh = await _h.CheckAsync("  - type: freshness\n    column: created_at\n    max_age: 6h\n");
        (fresh.Status, fresh.Observed).ShouldBe((CheckStatus.Passed, "14400"));
        var stale = await _h.CheckAsync("  - type: freshness\n    column: created_at\n    max_age: 3h\n");
        (stale.Status, stale.Observed).ShouldBe((CheckStatus.Failed, "14400"));
    }

    [Fact]
    public async Task Freshness_Stale_RaisesOneFreshnessBreachAlertNamingTheNewestTime()
    {
        _h.Clock.SetUtcNow(new DateTimeOffset(2024, 3, 7, 0, 0, 0, TimeSpan.Zero));
        const string yaml = "  - type: freshness\n    column: created_at\n    max_age: 3h\n";
        await _h.CheckAsync(yaml);
        await _h.CheckAsync(yaml);

        var breaches = _h.Sink.Sent.Select(s => s.Alert).Where(a => a.Kind == Cartwheel.Orchestration.AlertKind.FreshnessBreach).ToList();
        breaches.ShouldHaveSingleItem().Text.ShouldBe("No new data from gold.orders.created_at since 2024-03-05T20:00:00Z (threshold 03:00:00).");
    }

    [Fact]
    public async Task Freshness_PartitionEndInTheFuture_MeasuredAgainstNow()
    {
        // The clock starts at 2024-03-05T21:00Z.
        var result = await _h.CheckAsync("  - type: freshness\n    column: created_at\n    max_age: 30m\n");
        (result.Status, result.Observed).ShouldBe((CheckStatus.Failed, "3600"));
    }

    [Fact]
    public async Task Freshness_RelativeToNow_FollowsTheClock()
    {
        const string yaml = "  - type: freshness\n    column: created_at\n    max_age: 6h\n    relative_to: now\n";
        _h.Clock.SetUtcNow(new DateTimeOffset(2024, 3, 6, 1, 0, 0, TimeSpan.Zero));
        var fresh = await _h.CheckAsync(yaml);
        (fresh.Status, fresh.Observed).ShouldBe((CheckStatus.Passed, "18000"));
        _h.Clock.Advance(TimeSpan.FromHours(2));
        var stale = await _h.CheckAsync(yaml);
        (stale.Status, stale.Observed).ShouldBe((CheckStatus.Failed, "25200"));
    }

    [Fact]
    public async Task Freshness_NoRows_Fails()
    {
        var result = (await _h.EvaluateAsync(new DateOnly(2024, 3, 9), new DateOnly(2024, 3, 9),
            QualityHarness.Suite("  - type: freshness\n    column: created_at\n    max_age: 6h\n"))).Results.Single();
        (result.Status, result.Observed).ShouldBe((CheckStatus.Failed, null));
    }

    [Theory]
    [InlineData(130, "passed", "2.8909")]
    [InlineData(150, "failed", "4.8181")]
    [InlineData(100, "passed", "0")]
    public async Task VolumeAnomaly_TodayAgainstFourteenDays_ZScore(int today, string status, string z)
    {
        PlantVisits(14, today);
        var result = await VolumeAsync();
        result.Status.Name().ShouldBe(status);
        result.Observed.ShouldBe(z);
    }

    [Fact]
    public async Task VolumeAnomaly_TooLittleHistory_Skipped()
    {
        PlantVisits(6, 500);
        var result = await VolumeAsync();
        (result.Status, result.Observed, result.Message).ShouldBe((CheckStatus.Skipped, "500", "6 day(s) of history in the 14 days before, 7 needed"));
    }

    /// <summary>History: <paramref name="days"/> days before 2024-03-15 alternating 110 and 90 rows; then <paramref name="today"/> rows on 2024-03-15.</summary>
    private void PlantVisits(int days, int today)
    {
        _h.Warehouse.Execute("CREATE TABLE gold.visits (visit_date DATE)");
        var check = new DateOnly(2024, 3, 15);
        for (var i = 1; i <= days; i++)
        {
            Insert(check.AddDays(-i), i % 2 == 0 ? 90 : 110);
        }

        Insert(check, today);

        void Insert(DateOnly date, int rows) => _h.Warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO gold.visits SELECT DATE '{date:yyyy-MM-dd}' FROM range({rows})"));
    }

    private async Task<QualityResult> VolumeAsync()
    {
        var suite = QualityHarness.Suite("  - type: volume_anomaly\n    lookback_days: 14\n    min_history_days: 7\n    z_threshold: 3\n",
            "gold.visits", "visit_date", "visit_date");
        var day = new DateOnly(2024, 3, 15);
        return (await _h.EvaluateAsync(day, day, suite)).Results.Single();
    }

    public void Dispose() => _h.Dispose();
}
