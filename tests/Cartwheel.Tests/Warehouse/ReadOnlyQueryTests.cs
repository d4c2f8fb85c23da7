namespace Cartwheel.Tests.Warehouse;

public sealed class ReadOnlyQueryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-query-" + Guid.NewGuid().ToString("N"));
    private readonly Cartwheel.Warehouse.Warehouse _warehouse;

    public ReadOnlyQueryTests()
    {
        _warehouse = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(_root));
        _warehouse.Execute("CREATE TABLE gold.t AS SELECT range AS id, range * 1.5::DECIMAL(18,2) AS amount FROM range(5)");
    }

    [Fact]
    public void Execute_Select_ReturnsExactRows()
    {
        var result = Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse, "SELECT id, amount FROM gold.t WHERE id >= 3 ORDER BY id",
            cancellationToken: TestContext.Current.CancellationToken);

        result.Columns.ShouldBe(["id", "amount"]);
        result.Rows.Select(r => (long)r[0]!).ShouldBe([3L, 4L]);
        result.Rows.Select(r => (decimal)r[1]!).ShouldBe([4.5m, 6.0m]);
        result.Truncated.ShouldBeFalse();
    }

    [Fact]
    public void Execute_RowLimit_TruncatesAndSaysSo()
    {
        var result = Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse, "SELECT * FROM gold.t", maxRows: 2,
            cancellationToken: TestContext.Current.CancellationToken);

        result.Rows.Count.ShouldBe(2);
        result.Truncated.ShouldBeTrue();
    }

    [Fact]
    public void Execute_SlowQueryPastTimeout_QueryTimeoutNotCancelled()
    {
        var ex = Should.Throw<CartwheelException>(() => Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse,
            "SELECT count(*) FROM range(100000000) a, range(100000000) b", cancellationToken: TestContext.Current.CancellationToken,
            timeout: TimeSpan.FromSeconds(1)));

        ex.Code.ShouldBe(ErrorCodes.QueryTimeout);
        ex.Message.ShouldBe("The query ran longer than 1 s and was stopped.");
    }

    [Fact]
    public void Execute_Schema_DuckDbTypesAndDecimalsWithTheirColumnScale()
    {
        var result = Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse,
            "SELECT 0::DECIMAL(38,6) AS wide, 2.5::DECIMAL(18,2) AS narrow, TIMESTAMPTZ '2024-01-02 03:04:05+00' AS ts, DATE '2024-01-02' AS d, 'x' AS s, 1::HUGEINT AS h",
            cancellationToken: TestContext.Current.CancellationToken);

        result.Schema.Select(c => c.Type).ShouldBe(["DECIMAL(38,6)", "DECIMAL(18,2)", "TIMESTAMP WITH TIME ZONE", "DATE", "VARCHAR", "HUGEINT"]);
        (result.Schema[0].Precision, result.Schema[0].Scale).ShouldBe((38, 6));
        ((decimal)result.Rows[0][0]!).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("0.000000");
        ((decimal)result.Rows[0][1]!).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("2.50");
    }

    [Theory]
    [InlineData("DROP TABLE gold.t")]
    [InlineData("INSERT INTO gold.t VALUES (9, 1)")]
    [InlineData("DELETE FROM gold.t")]
    [InlineData("UPDATE gold.t SET amount = 0")]
    [InlineData("CREATE TABLE gold.x (a INT)")]
    [InlineData("COPY gold.t TO '/tmp/x.csv'")]
    [InlineData("ATTACH '/tmp/other.duckdb' AS other")]
    [InlineData("SET threads = 1")]
    [InlineData("SELECT 1; DROP TABLE gold.t")]
    public void Execute_WriteStatement_RefusedAndNothingChanges(string sql)
    {
        var ex = Should.Throw<CartwheelException>(() => Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse, sql,
            cancellationToken: TestContext.Current.CancellationToken));

        ex.Code.ShouldBe(ErrorCodes.QueryNotReadOnly);
        _warehouse.Scalar<long>("SELECT count(*) FROM gold.t").ShouldBe(5);
        _warehouse.Scalar<decimal>("SELECT sum(amount) FROM gold.t").ShouldBe(15.0m);
    }

    [Fact]
    public void Execute_SyntaxError_ReportsParseFailure()
    {
        var ex = Should.Throw<CartwheelException>(() => Cartwheel.Warehouse.ReadOnlyQuery.Execute(_warehouse, "SELEC 1",
            cancellationToken: TestContext.Current.CancellationToken));

        ex.Code.ShouldBe(ErrorCodes.QueryFailed);
        ex.Message.ShouldContain("does not parse");
    }

    public void Dispose()
    {
        _warehouse.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
