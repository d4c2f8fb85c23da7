using System.Globalization;
using System.Security;
using System.Text;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// A self-contained SVG of a run (no script, renders on GitHub and in any browser): three panels over the seconds
/// of the run — acknowledged events/s with the target as a dashed line; ack p99 and event→visible p50/p99 (ms) with
/// the 1 s target; resident memory of the server and the generator (MiB). The drain phase is shaded. A latency series has
/// a gap in the seconds without a value (nothing acknowledged or nothing became visible in that second).
/// </summary>
internal static class StreamBenchPlot
{
    private const int Width = 900;
    private const int PanelHeight = 200;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 64;
    private const int Gap = 50;

    internal sealed record Series(string Name, string Color, IReadOnlyList<double> Values, bool Dashed = false);

    internal sealed record Panel(string Title, string Unit, IReadOnlyList<Series> Series, double? Target = null);

    public static string Render(string title, IReadOnlyList<BenchSecond> seconds, double targetEventsPerSecond, double targetVisibleMs)
    {
        var panels = new[]
        {
            new Panel("Acknowledged events/s", "events/s", [new Series("accepted", "#2563eb", seconds.Select(s => (double)s.EventsPerSecond).ToList())], targetEventsPerSecond),
            new Panel("Latency (ms)", "ms",
            [
                new Series("ack p99", "#f59e0b", seconds.Select(s => NoValueIfZero(s.AckP99Ms)).ToList()),
                new Series("event→visible p50", "#10b981", seconds.Select(s => NoValueIfZero(s.VisibleP50Ms)).ToList()),
                new Series("event→visible p99", "#dc2626", seconds.Select(s => NoValueIfZero(s.VisibleP99Ms)).ToList()),
                new Series("event→dashboard p99", "#7c3aed", seconds.Select(s => NoValueIfZero(s.DashboardP99Ms)).ToList(), Dashed: true),
            ], targetVisibleMs),
            new Panel("Resident memory (MiB)", "MiB",
            [
                new Series("server", "#0f766e", seconds.Select(s => s.ServerRssMib).ToList()),
                new Series("generator", "#9ca3af", seconds.Select(s => s.GeneratorRssMib).ToList()),
            ]),
        };
        var drainFrom = seconds.ToList().FindIndex(s => s.Phase == "drain");
        return Render(title, panels, seconds.Count, drainFrom);
    }

    internal static string Render(string title, IReadOnlyList<Panel> panels, int points, int drainFrom)
    {
        var height = Top + (panels.Count * (PanelHeight + Gap));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="22" font-size="15" font-weight="bold">{Escape(title)}</text>""").Append('\n');
        for (var i = 0; i < panels.Count; i++)
        {
            DrawPanel(svg, panels[i], Top + (i * (PanelHeight + Gap)), points, drainFrom);
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>The top of the y axis: a round number (1, 2 or 5 × 10^k) at or above the largest value and the target.</summary>
    internal static double AxisMax(double max)
    {
        if (max <= 0 || double.IsNaN(max))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * magnitude >= max)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static void DrawPanel(StringBuilder svg, Panel panel, int top, int points, int drainFrom)
    {
        var plotWidth = Width - Left - Right;
        var max = AxisMax(Math.Max(panel.Series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max(), panel.Target ?? 0));
        double X(int i) => Left + (points <= 1 ? 0 : i * (double)plotWidth / (points - 1));
        double Y(double v) => top + PanelHeight - (Math.Clamp(v, 0, max) / max * PanelHeight);

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{top - 8}" font-weight="bold">{Escape(panel.Title)}</text>""").Append('\n');
        if (drainFrom > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{X(drainFrom):F1}" y="{top}" width="{Left + plotWidth - X(drainFrom):F1}" height="{PanelHeight}" fill="#f3f4f6"/>""").Append('\n');
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y:F1}" x2="{Left + plotWidth}" y2="{y:F1}" stroke="#e5e7eb"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 4:F1}" text-anchor="end" fill="#374151">{Format(value)}</text>""").Append('\n');
        }

        var step = Math.Max(1, (int)Math.Ceiling(points / 10.0));
        for (var i = 0; i < points; i += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(i):F1}" y="{top + PanelHeight + 15}" text-anchor="middle" fill="#374151">{i + 1}s</text>""");
        }

        svg.Append('\n');
        if (panel.Target is { } target)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Y(target):F1}" x2="{Left + plotWidth}" y2="{Y(target):F1}" stroke="#111827" stroke-dasharray="6 4"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + plotWidth - 4}" y="{Y(target) - 4:F1}" text-anchor="end" fill="#111827">target {Format(target)}</text>""").Append('\n');
        }

        var legendX = Left + 260;
        foreach (var series in panel.Series)
        {
            // A path: "M" starts a run of points (after a gap), "L" continues it.
            var commands = new StringBuilder();
            for (var i = 0; i < series.Values.Count; i++)
            {
                if (!double.IsNaN(series.Values[i]))
                {
                    var move = i == 0 || double.IsNaN(series.Values[i - 1]) ? 'M' : 'L';
                    commands.Append(CultureInfo.InvariantCulture, $"{(commands.Length == 0 ? "" : " ")}{move}{X(i):F1},{Y(series.Values[i]):F1}");
                    if (move == 'M' && (i == series.Values.Count - 1 || double.IsNaN(series.Values[i + 1])))
                    {
                        commands.Append(" l0.1,0"); // a second alone: a dot (round caps), else nothing would be drawn
                    }
                }
            }

            var dash = series.Dashed ? " stroke-dasharray=\"4 3\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"""<path fill="none" stroke="{series.Color}" stroke-width="2.5" stroke-linecap="round"{dash} d="{commands}"><title>{Escape(series.Name)}</title></path>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{legendX}" y="{top - 18}" width="12" height="4" fill="{series.Color}"/><text x="{legendX + 16}" y="{top - 13}" fill="#374151">{Escape(series.Name)}</text>""").Append('\n');
            legendX += 24 + (series.Name.Length * 7);
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{top}" width="{plotWidth}" height="{PanelHeight}" fill="none" stroke="#9ca3af"/>""").Append('\n');
    }

    /// <summary>No latency in a second (0) is no value, not a latency of 0.</summary>
    private static double NoValueIfZero(double milliseconds) => milliseconds > 0 ? milliseconds : double.NaN;

    private static string Format(double value) => value switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000:0.#}M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000:0.#}K"),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text) => SecurityElement.Escape(text);
}
