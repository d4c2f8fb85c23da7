using Cartwheel.IntegrationTests.Realtime;
using Microsoft.Playwright;

namespace Cartwheel.IntegrationTests.Dashboard;

/// <summary>The dashboard in real headless Chromium against a real server: it loads, its charts carry the posted numbers, and it moves when more events arrive.</summary>
public sealed class DashboardBrowserTests
{
    private const string SeriesValues = "([name, i]) => window.cartwheel.charts[name].getOption().series[i].data.map(d => typeof d === 'object' ? d.value : d)";

    [Fact]
    public async Task Dashboard_EventsPostedThenMore_KpisAndChartsShowThemAndUpdate()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var server = await RealtimeServer.StartAsync();
        await server.PostBatchAsync(RealtimeServer.ThreeOrders());
        await server.WaitForSummaryAsync(s => s.GetProperty("orders_last_hour").GetInt64() == 3);

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var response = await page.GotoAsync(server.BaseAddress.ToString());
        response!.Status.ShouldBe(200);
        await page.WaitForFunctionAsync("() => window.cartwheel && window.cartwheel.updates > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        (await Kpi(page, "revenue_last_hour")).ShouldBe("$123.45");
        (await Kpi(page, "orders_last_hour")).ShouldBe("3");
        (await Kpi(page, "events_last_hour")).ShouldBe("4");
        (await Kpi(page, "late_events_total")).ShouldBe("0");
        (await Kpi(page, "quarantined_total")).ShouldBe("0");
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "revenue", 0 })).Sum().ShouldBe(123.45m);
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "orders", 0 })).Sum().ShouldBe(3m);
        (await page.EvaluateAsync<string[]>("() => window.cartwheel.charts.topRevenue.getOption().yAxis[0].data")).ShouldBe(["P1", "P2", "P3"]);
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "topRevenue", 0 })).ShouldBe([100.00m, 20.00m, 3.45m]);
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "funnel", 0 })).ShouldBe([1m, 0m, 0m, 3m]);
        await page.WaitForFunctionAsync("() => document.getElementById('connection').dataset.state === 'live'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        await server.PostBatchAsync(RealtimeServer.ThreeOrders("b-"));
        await page.WaitForFunctionAsync("() => document.querySelector('[data-kpi=\"revenue_last_hour\"]').textContent === '$246.90'", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });

        (await Kpi(page, "orders_last_hour")).ShouldBe("6");
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "revenue", 0 })).Sum().ShouldBe(246.90m);
        (await page.EvaluateAsync<decimal[]>(SeriesValues, new object[] { "topRevenue", 0 })).ShouldBe([200.00m, 40.00m, 6.90m]);
        errors.ShouldBeEmpty();

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine("Dashboard screenshot: " + screenshot);
        Console.WriteLine("Dashboard screenshot: " + screenshot);
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(10_000);
    }

    private static async Task<string> Kpi(IPage page, string name) =>
        (await page.Locator($"[data-kpi=\"{name}\"]").First.TextContentAsync())!.Trim();
}
