using Cartwheel.Cli.Bench;

namespace Cartwheel.IntegrationTests.Bench;

/// <summary>The bench's latency histogram against an exact nearest-rank percentile of the same values.</summary>
public sealed class LatencyHistogramUnitTests
{
    [Fact]
    public void Percentile_RandomLatencies_WithinOneBucketAboveTheExactNearestRank()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(random.NextDouble() * 12) / 100).ToList(); // 0.01 ms … ~1.6 s
        var histogram = new LatencyHistogram();
        values.ForEach(v => histogram.Record(v));
        var sorted = values.Order().ToList();
        foreach (var q in new[] { 0.0, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            var exact = sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
            var estimate = histogram.Percentile(q);
            estimate.ShouldBeGreaterThanOrEqualTo(exact, $"q={q}");
            estimate.ShouldBeLessThanOrEqualTo(exact * (1 + (1.0 / 32)) + 0.001, $"q={q}");
        }

        histogram.Count.ShouldBe(20_000);
        histogram.MaxMs.ShouldBe(sorted[^1]);
        histogram.Percentile(1).ShouldBe(sorted[^1]);
    }

    [Fact]
    public void Record_Weights_CountEachEventOfABatch()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(10, weight: 99);
        histogram.Record(500, weight: 1);
        histogram.Count.ShouldBe(100);
        histogram.Percentile(0.99).ShouldBeInRange(10, 10 * (1 + (1.0 / 32)));
        histogram.Percentile(0.995).ShouldBe(500);
        histogram.MeanMs.ShouldBe(((99 * 10.0) + 500) / 100, 1e-9);
    }

    [Fact]
    public void Add_TwoHistograms_EqualsOneWithAllValues()
    {
        var (a, b, all) = (new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
        for (var i = 1; i <= 1_000; i++)
        {
            (i % 2 == 0 ? a : b).Record(i * 0.37);
            all.Record(i * 0.37);
        }

        a.Add(b);
        foreach (var q in new[] { 0.1, 0.5, 0.99 })
        {
            a.Percentile(q).ShouldBe(all.Percentile(q));
        }

        a.Count.ShouldBe(1_000);
        a.Clear();
        a.Count.ShouldBe(0);
        a.Percentile(0.5).ShouldBe(0);
    }

    [Fact]
    public void Index_BucketEdges_AreContiguousAndIncreasing()
    {
        for (var i = 0; i < 32 * 20; i++)
        {
            var upper = LatencyHistogram.UpperEdge(i);
            LatencyHistogram.Index(upper - 0.0000001).ShouldBe(i);
            LatencyHistogram.Index(upper).ShouldBe(i + 1);
        }
    }
}
