using Cartwheel.Cli.Bench;

namespace Cartwheel.IntegrationTests.Bench;

public sealed class DurationTextUnitTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("60s", 60)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("1.5s", 1.5)]
    public void TryParse_Valid_Seconds(string text, double seconds)
    {
        DurationText.TryParse(text, out var duration).ShouldBeTrue();
        duration.TotalSeconds.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-3s")]
    [InlineData("3x")]
    [InlineData("2d")]
    [InlineData("25h")]
    public void TryParse_Invalid_False(string text) => DurationText.TryParse(text, out _).ShouldBeFalse();
}
