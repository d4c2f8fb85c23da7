using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// A class fixture: <see cref="ShopScenario"/> plus a tier change (u02 becomes <c>premium</c> on 2024-01-31), built once into
/// gold with short windows so churn and the attribution lookback cut through the four days: a customer is churned after
/// <see cref="ChurnDays"/> day without an order, touches are sessions of the last <see cref="AttributionDays"/> day.
/// </summary>
public sealed class ShortWindowGold : IDisposable
{
    public const int ChurnDays = 1;
    public const int AttributionDays = 1;
    public const int MaxLifespan = 10;
    public static readonly DateOnly AsOf = ShopScenario.Days[^1];

    public ShortWindowGold()
    {
        Fixture = new BronzeFixture();
        Scenario = ShopScenario.Load(Fixture);
        Fixture.Csv("users", new DateOnly(2024, 1, 31), "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at",
            "u02,u02@x.com,N1,1,FR,,premium,mobile,2024-01-01,2024-01-31T12:00:00Z");
        new PipelineRunner(Fixture.DataDirectory, Fixture.Catalog, Fixture.Warehouse,
                new GoldOptions { ChurnDays = ChurnDays, AttributionDays = AttributionDays, MaxLifespan = MaxLifespan })
            .RunRange(ShopScenario.Days[0], ShopScenario.Days[^1], cancellationToken: TestContext.Current.CancellationToken);
    }

    internal BronzeFixture Fixture { get; }

    internal ShopScenario Scenario { get; }

    /// <summary>The current tier of a user (the scenario's, after the change).</summary>
    internal static string Tier(string userId) => userId == "u02" ? "premium" : int.Parse(userId[1..], System.Globalization.CultureInfo.InvariantCulture) % 4 == 1 ? "vip" : "free";

    internal List<string> Rows(string sql) => GoldScenario.Rows(Fixture, sql);

    public void Dispose() => Fixture.Dispose();
}
