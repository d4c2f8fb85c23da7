using Cartwheel.Ingest;
using Cartwheel.Simulation;

namespace Cartwheel.Tests.EndToEnd;

/// <summary>Re-ingesting and re-running changes nothing; a rebuild from bronze equals the incremental warehouse.</summary>
public sealed class IdempotencyTests : IDisposable
{
    private readonly ShopPipeline _pipeline = new(new SimulationOptions
    {
        Seed = 99,
        Users = 150,
        Products = 40,
        Days = 3,
        Start = new DateOnly(2024, 2, 27),
        CorruptRate = 0.01,
    });

    [Fact]
    public void ReingestAndRerun_GoldBitForBitEqual()
    {
        var before = _pipeline.GoldChecksums(excludeAudit: false);
        var bronze = _pipeline.Catalog.ListBronzeFiles().Select(f => f.Path).ToList();

        var again = _pipeline.Ingest();
        _pipeline.Reopen();
        _pipeline.RunAllDates();

        again.Files.ShouldAllBe(f => f.Status == IngestFileStatus.Skipped);
        _pipeline.Catalog.ListBronzeFiles().Select(f => f.Path).ToList().ShouldBe(bronze);
        _pipeline.GoldChecksums(excludeAudit: false).ShouldBe(before);
        before.Keys.ShouldContain("fact_sales");
        before["fact_sales"].ShouldNotStartWith("0:");
    }

    [Fact]
    public void Rebuild_EqualsIncrementalWarehouse()
    {
        var incremental = _pipeline.GoldChecksums(excludeAudit: true);

        _pipeline.Runner().Rebuild(cancellationToken: TestContext.Current.CancellationToken);

        _pipeline.GoldChecksums(excludeAudit: true).ShouldBe(incremental);
    }

    public void Dispose() => _pipeline.Dispose();
}
