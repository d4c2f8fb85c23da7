using System.Globalization;
using System.Xml.Linq;
using Cartwheel.Cli.Bench;

namespace Cartwheel.IntegrationTests.Bench;

/// <summary>The run's SVG: well-formed, one point per second per series, values placed on the scale.</summary>
public sealed class StreamBenchPlotUnitTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_Seconds_OnePathPerSeriesWithAPointPerSecondOnTheScale()
    {
        // Second 12 (drain) saw nothing become visible: a gap in the latency series, not a 0.
        var seconds = Enumerable.Range(1, 12).Select(i => new BenchSecond(i, i <= 10 ? "load" : "drain", i * 10_000, 0, 5, 20 + i,
            i == 12 ? 0 : 100, i == 12 ? 0 : 200 + i, 900, 0, 300 + i, 150, 100, 20)).ToList();
        var document = XDocument.Parse(StreamBenchPlot.Render("run", seconds, 150_000, 1_000));

        var lines = document.Descendants(Svg + "path").ToList();
        lines.Count.ShouldBe(1 + 4 + 2);
        lines.Select(l => l.Element(Svg + "title")!.Value).ShouldBe(
            ["accepted", "ack p99", "event→visible p50", "event→visible p99", "event→dashboard p99", "server", "generator"]);
        lines.Select(l => l.Attribute("d")!.Value.Split(' ').Length).ShouldBe([12, 12, 11, 11, 12, 12, 12]);
        lines.ShouldAllBe(l => l.Attribute("d")!.Value.Count(c => c == 'M') == 1);

        // Events/s: the axis tops at 200K (the target 150K and the maximum 120K round up to it); 120K is 0.6 of the 200-pixel panel.
        var accepted = Points(lines[0]);
        accepted[0].X.ShouldBe(70);
        accepted[^1].X.ShouldBe(880);
        (accepted[^1].Y - accepted[0].Y).ShouldBe(-(120_000.0 - 10_000) / 200_000 * 200, 0.11);
        document.Descendants(Svg + "text").Select(t => t.Value).ShouldContain("target 150K");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(150_000, 200_000)]
    [InlineData(4_300, 5_000)]
    [InlineData(9_999, 10_000)]
    public void AxisMax_Values_RoundUpTo125Steps(double max, double expected) => StreamBenchPlot.AxisMax(max).ShouldBe(expected);

    private static List<(double X, double Y)> Points(XElement path) =>
        path.Attribute("d")!.Value.Split(' ')
            .Select(p => p[1..].Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
}
