using Cartwheel.Reports;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Reports;

public sealed class TabularTextTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-tabular-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void WriteCsv_DateAndTimestampsAtMidnight_DateStaysADateAndTimestampsKeepTheirTime()
    {
        // The values as DuckDB.NET hands them over, read through the same path as `cartwheel query`.
        using var warehouse = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(_root));
        var result = ReadOnlyQuery.Execute(warehouse,
            "SELECT DATE '2024-03-01' AS d, TIMESTAMP '2024-03-01 00:00:00' AS t, TIMESTAMPTZ '2024-03-01 00:00:00+00' AS tz, " +
            "TIMESTAMP '2024-03-01 10:30:00.25' AS t2", 10, TestContext.Current.CancellationToken);
        using var csv = new StringWriter();

        TabularText.WriteCsv(csv, result.Columns, result.Rows);

        csv.ToString().ReplaceLineEndings("\n").ShouldBe("d,t,tz,t2\n2024-03-01,2024-03-01T00:00:00Z,2024-03-01T00:00:00Z,2024-03-01T10:30:00.25Z\n");
        var json = TabularText.Json(result.Columns, result.Rows);
        json.ShouldContain("\"d\": \"2024-03-01\"");
        json.ShouldContain("\"t\": \"2024-03-01T00:00:00Z\"");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
