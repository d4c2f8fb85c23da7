using Cartwheel.Quality;

namespace Cartwheel.Tests.Quality;

/// <summary>Each row-level expectation passes on the clean partition and fails on a planted defect, exactly.</summary>
public sealed class RowExpectationTests : IDisposable
{
    private readonly QualityHarness _h = new();

    private void Plant(string values) => _h.Warehouse.Execute($"INSERT INTO gold.orders VALUES {values}");

    private static string Row(string id, string status = "'completed'", string amount = "15.00", string email = "'d@x.io'", string user = "'u1'") =>
        $"('{id}', {status}, {amount}, {email}, {user}, DATE '2024-03-05', TIMESTAMPTZ '2024-03-05 09:00:00+00')";

    private static void ShouldBe(QualityResult r, CheckStatus status, string observed, long failing, params string[] sample)
    {
        r.Status.ShouldBe(status, r.Message);
        r.Observed.ShouldBe(observed);
        r.FailingRows.ShouldBe(failing);
        r.SampleKeys.ShouldBe(sample);
    }

    [Fact]
    public async Task NotNull_CleanPartitionThenPlantedNulls_PassesThenFailsWithKeys()
    {
        const string yaml = "  - type: not_null\n    columns: [order_id, status]\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o5", status: "NULL") + ", " + Row("o4", status: "NULL"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "2", 2, "o4", "o5");
    }

    [Fact]
    public async Task Unique_OneColumn_CountsDuplicatedKeysAndTheirRows()
    {
        const string yaml = "  - type: unique\n    column: order_id\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o2") + ", " + Row("o2") + ", " + Row("o3"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "2", 5, "o2", "o3");
    }

    [Fact]
    public async Task Unique_SeveralColumns_KeysJoinedWithBar()
    {
        const string yaml = "  - type: unique\n    columns: [order_id, status]\n";
        Plant(Row("o2", status: "'refunded'"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o2", status: "'pending'"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "1", 2, "o2|pending");
    }

    [Fact]
    public async Task AcceptedValues_UnknownStatus_Fails()
    {
        const string yaml = "  - type: accepted_values\n    column: status\n    values: [completed, pending, refunded]\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o9", status: "'shipped'") + ", " + Row("o8", status: "NULL"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "1", 1, "o9");
    }

    [Fact]
    public async Task Between_BoundsInclusive_OnlyOutsideFails()
    {
        const string yaml = "  - type: between\n    column: amount\n    min: 0\n    max: 100\n";
        Plant(Row("o5", amount: "0.00") + ", " + Row("o6", amount: "100.00"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o7", amount: "-0.01") + ", " + Row("o8", amount: "100.01"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "2", 2, "o7", "o8");
    }

    [Fact]
    public async Task Regex_MalformedEmail_Fails()
    {
        const string yaml = "  - type: regex\n    column: email\n    pattern: '^[^@]+@[^@]+\\.[a-z]+$'\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o6", email: "'not-an-email'"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "1", 1, "o6");
    }

    [Fact]
    public async Task Relationships_UnknownUser_FailsAndNullIsNotAViolation()
    {
        const string yaml = "  - type: relationships\n    column: user_id\n    to: gold.users\n    field: user_id\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o4", user: "'u3'") + ", " + Row("o5", user: "'u3'"));
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Failed, "2", 2, "o4", "o5");
    }

    [Fact]
    public async Task CustomSql_ReturnsFailingRows_KeyedBySuiteKey()
    {
        const string yaml = "  - name: big_pending\n    type: custom_sql\n    sql: SELECT order_id FROM {partition} WHERE status = 'pending' AND amount > 25 AND order_date = {date}\n";
        ShouldBe(await _h.CheckAsync(yaml), CheckStatus.Passed, "0", 0);
        Plant(Row("o7", status: "'pending'", amount: "99.00"));
        var result = await _h.CheckAsync(yaml);
        result.Expectation.ShouldBe("big_pending");
        ShouldBe(result, CheckStatus.Failed, "1", 1, "o7");
    }

    [Fact]
    public async Task CustomSql_WriteStatement_IsAnErrorNotARun()
    {
        var result = await _h.CheckAsync("  - type: custom_sql\n    sql: DELETE FROM gold.orders\n");
        result.Status.ShouldBe(CheckStatus.Error);
        _h.Warehouse.Scalar<long>("SELECT count(*) FROM gold.orders").ShouldBe(5);
    }

    [Fact]
    public async Task MissingColumn_IsStatusErrorWithTheMessage()
    {
        var result = await _h.CheckAsync("  - type: not_null\n    column: nope\n");
        result.Status.ShouldBe(CheckStatus.Error);
        result.Message!.ShouldContain("nope");
    }

    public void Dispose() => _h.Dispose();
}
