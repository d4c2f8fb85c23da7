using Cartwheel.Internal;

namespace Cartwheel.Tests.Warehouse;

/// <summary>The gold SQL macros (<c>sql/gold/_macros.sql</c>) that replace a built-in for speed give what it gives.</summary>
public sealed class GoldMacrosTests
{
    [Fact]
    public void UtcDate_AroundMidnightsBeforeAndAfter1970_EqualsTheCastToDate()
    {
        using var f = new BronzeFixture();
        f.Warehouse.Execute(SqlResources.Get("gold/_macros.sql"));

        // Days before and after the epoch, each at 1 µs before midnight, midnight, 1 µs after, noon and the day's last µs.
        const string Instants = """
            SELECT CAST(make_timestamp(d * 86400000000 + o) AS TIMESTAMPTZ) AS t
            FROM (VALUES (-719162), (-1000), (-1), (0), (1), (19783), (2932896)) AS days(d),
                (VALUES (-1), (0), (1), (43200000000), (86399999999)) AS offsets(o)
            """;
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM ({Instants}) WHERE cw_utc_date(t) = CAST(t AS DATE)").ShouldBe(35);
    }
}
