using System.Globalization;
using System.Net;
using System.Text.Json;
using Cartwheel.IntegrationTests.Collector;
using Cartwheel.Reports;

namespace Cartwheel.IntegrationTests.Reports;

/// <summary><c>GET /api/v1/reports</c> and <c>GET /reports/{period}/{label}/{file}</c> over reports the CLI wrote: exact list, files, and nothing else.</summary>
[Collection(ReportsCollection.Name)]
public sealed class ReportsApiIntegrationTests(ReportsFixture fixture)
{
    private static readonly string[] Tables =
        ["attribution", "funnel", "kpis", "revenue_trend", "sales_by_category", "sales_by_channel", "sales_by_country", "top_products"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task List_AfterReportsWritten_ExactlyThemByPeriodNewestFirstWithLinks()
    {
        var response = await fixture.Client.GetAsync("/api/v1/reports", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var reports = json.RootElement.EnumerateArray().ToList();

        var week = ReportPeriod.Containing("weekly", fixture.LastDate);
        string[] expected = [$"daily|{D(fixture.LastDate)}|{D(fixture.LastDate)}|{D(fixture.LastDate)}", $"daily|{D(fixture.FirstDate)}|{D(fixture.FirstDate)}|{D(fixture.FirstDate)}",
            $"weekly|{week.Label}|{D(week.Start)}|{D(week.End)}"];
        reports.Select(r => string.Join('|', r.GetProperty("period").GetString(), r.GetProperty("label").GetString(), r.GetProperty("start").GetString(), r.GetProperty("end").GetString()))
            .ShouldBe(expected);
        foreach (var r in reports)
        {
            var folder = $"/reports/{r.GetProperty("period").GetString()}/{r.GetProperty("label").GetString()}/";
            r.GetProperty("url").GetString().ShouldBe(folder + "index.html");
            r.GetProperty("tables").EnumerateArray().Select(t => $"{t.GetProperty("name").GetString()}|{t.GetProperty("csv").GetString()}|{t.GetProperty("json").GetString()}")
                .ShouldBe(Tables.Select(t => $"{t}|{folder}{t}.csv|{folder}{t}.json"));
            var created = r.GetProperty("created_at").GetDateTimeOffset();
            created.ShouldBe(new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(fixture.DataDirectory.Reports, folder.Trim('/')["reports/".Length..], "index.html")), TimeSpan.Zero));
        }

        var weekly = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/v1/reports?period=weekly", Ct));
        weekly.RootElement.EnumerateArray().Select(r => r.GetProperty("label").GetString()).ShouldBe([week.Label]);
        var bad = await fixture.Client.GetAsync("/api/v1/reports?period=yearly", Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Files_PageCsvAndJson_ServedWithTheirContentTypesAndBytes()
    {
        var folder = $"/reports/daily/{D(fixture.LastDate)}/";
        var disk = Path.Combine(fixture.DataDirectory.Reports, "daily", D(fixture.LastDate));
        foreach (var (file, type) in new[] { ("index.html", "text/html"), ("kpis.csv", "text/csv"), ("kpis.json", "application/json"), ("top_products.json", "application/json") })
        {
            var response = await fixture.Client.GetAsync(folder + file, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, file);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(type);
            response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            (await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(disk, file), Ct));
        }

        var page = await fixture.Client.GetAsync(folder + "index.html", Ct);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        using var kpis = JsonDocument.Parse(await fixture.Client.GetStringAsync(folder + "kpis.json", Ct));
        var revenue = kpis.RootElement.EnumerateArray().Single(k => k.GetProperty("metric").GetString() == "Revenue");
        revenue.GetProperty("value").GetDecimal().ShouldBe(fixture.LastDayRevenue);
    }

    [Theory]
    [InlineData("/reports/daily/../../catalog.db")]
    [InlineData("/reports/daily/%2e%2e/%2e%2e/catalog.db")]
    [InlineData("/reports/daily/..%2f..%2fcatalog.db/index.html")]
    [InlineData("/reports/daily/2024-04-01/..%2f..%2f..%2fcatalog.db")]
    [InlineData("/reports/daily/2024-04-01/%2e%2e%2f%2e%2e%2f%2e%2e%2fcatalog.db")]
    [InlineData("/reports/daily/2024-04-01/%2fetc%2fpasswd")]
    [InlineData("/reports/daily/%2fetc/passwd")]
    [InlineData("/reports/%2fetc/passwd/x")]
    [InlineData("/reports//etc/passwd")]
    [InlineData("/reports/daily/2024-04-01/..%5c..%5c..%5ccatalog.db")]
    [InlineData("/reports/daily/2024-04-01/.index.html.tmp")]
    [InlineData("/reports/daily/2024-04-01/INDEX.HTML")]
    [InlineData("/reports/daily/2024-4-1/index.html")]
    [InlineData("/reports/yearly/2024/index.html")]
    [InlineData("/reports/daily/2024-04-01/missing.json")]
    [InlineData("/reports/daily/2031-01-01/index.html")]
    public async Task Files_TraversalOrNotAReportFile_NotFoundAndNothingLeaks(string path)
    {
        var response = await fixture.Client.GetAsync(new Uri(fixture.BaseAddress, path), Ct);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.ShouldNotContain("SQLite format");
        body.ShouldNotContain("root:");
    }

    [Fact]
    public async Task Files_SymbolicLinkInsideTheReportsFolder_NotServed()
    {
        var folder = Path.Combine(fixture.DataDirectory.Reports, "daily", "2030-01-01");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "index.html"), fixture.DataDirectory.CatalogPath);
        try
        {
            (await fixture.Client.GetAsync("/reports/daily/2030-01-01/index.html", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await fixture.Client.GetStringAsync("/api/v1/reports", Ct)).ShouldNotContain("2030-01-01");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task BeyondLoopback_ListAndFilesNeedTheApiKey()
    {
        await using var server = await CollectorServer.StartAsync(url: "http://0.0.0.0:0", apiKeys: ["api-key-1"]);
        var folder = Path.Combine(server.DataDirectory.Reports, "monthly", "2024-04");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<!DOCTYPE html><title>r</title>", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "kpis.json"), "[]", Ct);
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress.ToString().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)) };

        foreach (var path in new[] { "/api/v1/reports", "/reports/monthly/2024-04/index.html", "/reports/monthly/2024-04/kpis.json" })
        {
            var anonymous = await client.GetAsync(path, Ct);
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
            (await anonymous.Content.ReadAsStringAsync(Ct)).ShouldContain("api.unauthorized");
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Api-Key", "api-key-1" } } };
            (await client.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports");
        list.Headers.Authorization = new("Bearer", "api-key-1");
        var reports = JsonDocument.Parse(await (await client.SendAsync(list, Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        reports.EnumerateArray().Select(r => $"{r.GetProperty("period").GetString()}|{r.GetProperty("label").GetString()}|{r.GetProperty("tables").GetArrayLength()}")
            .ShouldBe(["monthly|2024-04|1"]);
    }
}
