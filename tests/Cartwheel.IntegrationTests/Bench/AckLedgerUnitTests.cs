using Cartwheel.Cli.Bench;

namespace Cartwheel.IntegrationTests.Bench;

/// <summary>Matching acknowledged batches to the event count a reader sees.</summary>
public sealed class AckLedgerUnitTests
{
    [Fact]
    public void Match_CountReachesRunningTotals_RecordsEachBatchOnceWithItsLatencyAndWeight()
    {
        var ledger = new AckLedger(readers: 2);
        ledger.Add(sentAt: 1_000, clicks: 100);
        ledger.Add(sentAt: 2_000, clicks: 50);
        ledger.Add(sentAt: 3_000, clicks: 0); // sign-ups only: nothing to see, visible with the batch before it
        ledger.Add(sentAt: 4_000, clicks: 10);
        var histogram = new LatencyHistogram();

        ledger.Match(0, visible: 99, seenAt: 5_000, ticksPerMs: 1, histogram).ShouldBe(0);
        ledger.Match(0, visible: 150, seenAt: 6_000, ticksPerMs: 1, histogram).ShouldBe(150);
        histogram.Count.ShouldBe(150);
        histogram.Percentile(0.3).ShouldBeInRange(4_000, 4_000 * 1.04); // 50 events waited 6000 − 2000
        histogram.Percentile(0.5).ShouldBeInRange(5_000, 5_000 * 1.04); // 100 events waited 6000 − 1000
        histogram.MaxMs.ShouldBe(5_000); // the batch of no click events weighs nothing
        ledger.Unseen(0).ShouldBe(10);
        ledger.Caught(0).ShouldBeFalse();

        ledger.Match(0, visible: 160, seenAt: 6_500, ticksPerMs: 1, histogram).ShouldBe(10);
        ledger.Caught(0).ShouldBeTrue();
        ledger.Unseen(0).ShouldBe(0);
        histogram.Count.ShouldBe(160);

        // The second reader keeps its own cursor.
        ledger.Unseen(1).ShouldBe(160);
        ledger.Total.ShouldBe(160);
    }
}
