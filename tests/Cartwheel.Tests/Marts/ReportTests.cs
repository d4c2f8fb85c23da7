using Cartwheel.Reports;
using Cartwheel.Tests.Warehouse;

namespace Cartwheel.Tests.Marts;

public sealed class ReportTests : IDisposable
{
    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void Build_Weekly_KpisEqualTheMartsAndHtmlIsSelfContained()
    {
        var f = _fixtures.New();
        f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[^1], cancellationToken: TestContext.Current.CancellationToken);

        var data = ReportBuilder.Build(f.Warehouse, ReportPeriod.Containing("weekly", ShopScenario.Days[^1]));

        data.Period.Label.ShouldBe("2024-W05");
        var revenue = Convert.ToDecimal(data.Table("kpis").Rows[0][2], System.Globalization.CultureInfo.InvariantCulture);
        revenue.ShouldBe(f.Warehouse.Scalar<decimal>("SELECT revenue FROM gold.sales_summary WHERE grain = 'week' AND dimension = 'all' AND period_start = DATE '2024-01-29'"));
        data.Table("top_products").Column("revenue").Select(v => (decimal)v!).Sum()
            .ShouldBe(f.Warehouse.Scalar<decimal>("SELECT sum(revenue) FROM gold.sales_summary WHERE grain = 'week' AND dimension = 'product' AND period_start = DATE '2024-01-29'"));
        var html = HtmlReport.Render(data);
        html.ShouldContain("<svg");
        html.ShouldNotContain("<script");
        html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal).ShouldNotContain("http");
    }

    public void Dispose() => _fixtures.Dispose();
}
