using Cartwheel.Server.Realtime;

namespace Cartwheel.IntegrationTests.Realtime;

/// <summary>The pause after a dashboard update: three times its build time, between 250 ms and 1 s.</summary>
public sealed class DashboardFeedPauseTests
{
    [Theory]
    [InlineData(0, 250)]
    [InlineData(10, 250)]
    [InlineData(100, 300)]
    [InlineData(200, 600)]
    [InlineData(400, 1000)]
    [InlineData(5000, 1000)]
    public void Pause_ThreeBuildTimes_Clamped(int buildMs, int pauseMs) =>
        DashboardFeed.Pause(TimeSpan.FromMilliseconds(buildMs)).ShouldBe(TimeSpan.FromMilliseconds(pauseMs));
}
