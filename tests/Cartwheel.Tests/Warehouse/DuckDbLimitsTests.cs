using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Warehouse;

public sealed class DuckDbLimitsTests : IDisposable
{
    private const long GiB = 1L << 30;
    private readonly BronzeFixture _f = new();

    [Theory]
    [InlineData(2 * GiB, "1024MiB")]
    [InlineData(23 * GiB, "5888MiB")]
    [InlineData(64 * GiB, "8192MiB")]
    public void DefaultMemory_AQuarterOfRam_ClampedToOneToEightGiB(long total, string expected) =>
        DuckDbLimits.DefaultMemory(total).ShouldBe(expected);

    [Fact]
    public void Statements_EnvironmentOverridesTheDefaults()
    {
        DuckDbLimits.Statements(null, null, 16 * GiB, 2).ShouldBe("SET memory_limit = '4096MiB'; SET threads = 2;");
        DuckDbLimits.Statements(" 3GiB ", "1", 16 * GiB, 2).ShouldBe("SET memory_limit = '3GiB'; SET threads = 1;");
        Should.Throw<CartwheelException>(() => DuckDbLimits.Statements(null, "two", 16 * GiB, 2)).Code.ShouldBe(ErrorCodes.InvalidArgument);
        Should.Throw<CartwheelException>(() => DuckDbLimits.Statements(null, "0", 16 * GiB, 2)).Code.ShouldBe(ErrorCodes.InvalidArgument);
    }

    [Fact]
    public void Open_AppliesTheLimitsToTheWarehouse()
    {
        using var expected = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        expected.Open();
        using var command = expected.CreateCommand();
        command.CommandText = "SELECT current_setting('memory_limit') || '|' || current_setting('threads')";
        var defaults = (string)command.ExecuteScalar()!;
        command.CommandText = DuckDbLimits.Statements();
        command.ExecuteNonQuery();
        command.CommandText = "SELECT current_setting('memory_limit') || '|' || current_setting('threads')";
        var limited = (string)command.ExecuteScalar()!;

        limited.ShouldNotBe(defaults);
        _f.Warehouse.Scalar<string>("SELECT current_setting('memory_limit') || '|' || current_setting('threads')").ShouldBe(limited);
    }

    public void Dispose() => _f.Dispose();
}
