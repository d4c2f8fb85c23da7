using Cartwheel.Quality;

namespace Cartwheel.Tests.Quality;

/// <summary>Suite files: clear errors with file and line; shipped defaults; data-directory overrides.</summary>
public sealed class SuiteParserTests
{
    [Theory]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_nul\n    column: a\n", "bad.yml line 3, column 11: unknown expectation type 'not_nul'")]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_null\n    colum: a\n", "bad.yml line 4, column 5: unknown key 'colum'")]
    [InlineData("table: gold.t\nexpectations:\n  - type: between\n    column: a\n", "bad.yml line 3, column 5: between 'between_a': needs min:, max: or both")]
    [InlineData("table: gold.t\nexpectations:\n  - type: unique\n", "bad.yml line 3, column 5: unique needs column: or columns:")]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_null\n    column: a\n    severity: fatal\n", "bad.yml line 5, column 15: severity must be error or warn, not 'fatal'")]
    [InlineData("table: gold.t\nexpectations:\n  - type: freshness\n    column: a\n    max_age: soon\n", "bad.yml line 5, column 14: max_age must be a duration")]
    [InlineData("table: gold.t\nexpectations:\n  - type: volume_anomaly\n", "bad.yml line 3, column 5: volume_anomaly 'volume_anomaly': needs the suite's partition_column")]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_null\n    column: a b\n", "bad.yml line 4, column 13: 'a b' is not a column name")]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_null\n   column: a\n", "bad.yml line 4, column 4: While parsing a block collection, did not find expected '-' indicator.")]
    [InlineData("table: gold.t\nexpectations:\n  - type: not_null\n    column: a\n  - type: not_null\n    column: a\n", "bad.yml line 5, column 5: the expectation name 'not_null_a' is used twice")]
    [InlineData("expectations: []\n", "bad.yml line 1, column 1: missing required key 'table'")]
    public void Parse_Mistake_NamesFileLineAndProblem(string yaml, string message)
    {
        var ex = Should.Throw<CartwheelException>(() => SuiteParser.Parse(yaml, "bad.yml"));
        ex.Code.ShouldBe(ErrorCodes.QualitySuiteInvalid);
        ex.Message.ShouldStartWith(message);
    }

    [Fact]
    public void Parse_FullExample_EveryParameter()
    {
        var suite = SuiteParser.Parse(
            "suite: s\ntable: gold.t\npartition_column: d\nkey: [a, b]\nexpectations:\n" +
            "  - name: fresh\n    type: freshness\n    column: ts\n    max_age: 90m\n    relative_to: now\n    severity: warn\n" +
            "  - type: relationships\n    column: u\n    to: gold.users\n    field: user_id\n", "x.yml");
        (suite.Name, suite.Table, suite.PartitionColumn).ShouldBe(("s", "gold.t", "d"));
        suite.Key.ShouldBe(["a", "b"]);
        var fresh = suite.Expectations[0];
        (fresh.Name, fresh.Type, fresh.Severity, fresh.MaxAge, fresh.RelativeTo, fresh.Line)
            .ShouldBe(("fresh", ExpectationType.Freshness, Severity.Warn, TimeSpan.FromMinutes(90), FreshnessReference.Now, 6));
        (suite.Expectations[1].Name, suite.Expectations[1].ToTable, suite.Expectations[1].ToColumn).ShouldBe(("relationships_u", "gold.users", "user_id"));
    }

    [Fact]
    public void Load_ShippedDefaults_CoverSilverGoldAndPipeline()
    {
        var tables = SuiteLoader.Load(null).Select(s => s.Table).Order(StringComparer.Ordinal).ToList();
        tables.ShouldBe(["catalog", "gold.daily_sales", "gold.dim_date", "gold.dim_product", "gold.dim_user", "gold.fact_sales",
            "gold.user_session_analysis", "silver.events", "silver.inventory", "silver.orders", "silver.products", "silver.transactions", "silver.users"]);
    }

    [Fact]
    public void Load_DataDirectoryQualityFolder_ReplacesAddsAndDisables()
    {
        var root = Path.Combine(Path.GetTempPath(), "cw-dq-load-" + Guid.NewGuid().ToString("N"));
        var folder = Directory.CreateDirectory(Path.Combine(root, "quality")).FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "pipeline.yml"), "table: catalog\nexpectations:\n  - type: error_rate\n    max_rate: 0.05\n    severity: error\n");
            File.WriteAllText(Path.Combine(folder, "silver_events.yml"), "table: silver.events\nexpectations: []\n");
            File.WriteAllText(Path.Combine(folder, "mine.yml"), "suite: mine\ntable: gold.mine\nexpectations:\n  - type: row_count_between\n    min: 1\n");
            var suites = SuiteLoader.Load(new DataDirectory(root));
            suites.ShouldNotContain(s => s.Table == "silver.events");
            suites.Single(s => s.Name == "mine").Source.ShouldBe(Path.Combine(folder, "mine.yml"));
            var rate = suites.Single(s => s.Table == "catalog").Expectations.Single();
            (rate.MaxRate, rate.Severity).ShouldBe((0.05, Severity.Error));
            suites.Count.ShouldBe(13);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
