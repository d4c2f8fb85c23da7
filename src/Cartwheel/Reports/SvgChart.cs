using System.Globalization;
using System.Net;
using System.Text;

namespace Cartwheel.Reports;

/// <summary>Charts drawn server-side as inline SVG (no script, no network): a column chart over time and a horizontal bar chart.</summary>
internal static class SvgChart
{
    private const string Accent = "#4f46e5";
    private const string Muted = "#c7d2fe";

    /// <summary>Columns per point (highlighted when <c>Highlight</c>), with a light grid and value axis.</summary>
    public static string Columns(IReadOnlyList<(string Label, double Value, bool Highlight)> points, int width = 720, int height = 260)
    {
        const int left = 64, right = 16, top = 16, bottom = 40;
        var max = Nice(points.Count == 0 ? 0 : points.Max(p => p.Value));
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var svg = Start(width, height);
        for (var i = 0; i <= 4; i++)
        {
            var y = top + plotHeight - (plotHeight * i / 4.0);
            svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - right}\" y2=\"{y:0.#}\" stroke=\"#e5e7eb\"/>"));
            svg.Append(Invariant($"<text x=\"{left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"axis\">{Short(max * i / 4)}</text>"));
        }

        var slot = points.Count == 0 ? 0 : plotWidth / (double)points.Count;
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 10.0));
        for (var i = 0; i < points.Count; i++)
        {
            var (label, value, highlight) = points[i];
            var h = max <= 0 ? 0 : plotHeight * value / max;
            var x = left + (i * slot) + (slot * 0.15);
            svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{top + plotHeight - h:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{h:0.#}\" rx=\"2\" fill=\"{(highlight ? Accent : Muted)}\">"));
            svg.Append(Invariant($"<title>{Escape(label)}: {value:#,0.##}</title></rect>"));
            if (i % every == 0)
            {
                svg.Append(Invariant($"<text x=\"{x + (slot * 0.35):0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" class=\"axis\">{Escape(label)}</text>"));
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>One labelled horizontal bar per item, longest first as given, with its value at the bar's end.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> items, int width = 520)
    {
        const int labelWidth = 150, row = 28, valueWidth = 90;
        var height = Math.Max(row, items.Count * row) + 8;
        var max = items.Count == 0 ? 0 : items.Max(i => i.Value);
        var svg = Start(width, height);
        for (var i = 0; i < items.Count; i++)
        {
            var (label, value) = items[i];
            var y = 4 + (i * row);
            var w = max <= 0 ? 0 : (width - labelWidth - valueWidth) * value / max;
            svg.Append(Invariant($"<text x=\"{labelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\" class=\"label\">{Escape(Truncate(label))}</text>"));
            svg.Append(Invariant($"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w:0.#}\" height=\"{row - 10}\" rx=\"3\" fill=\"{Accent}\" opacity=\"{1 - (i * 0.06):0.##}\"/>"));
            svg.Append(Invariant($"<text x=\"{labelWidth + w + 6:0.#}\" y=\"{y + 18}\" class=\"value\">{Short(value)}</text>"));
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Start(int width, int height) => new(Invariant(
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\">"));

    /// <summary>A round axis maximum at or above <paramref name="value"/>: 1, 2, 2.5 or 5 × a power of ten.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(s => s * magnitude).First(v => v >= value);
    }

    internal static string Short(double value) => Math.Abs(value) switch
    {
        >= 1_000_000 => Invariant($"{value / 1_000_000:0.#}M"),
        >= 10_000 => Invariant($"{value / 1_000:0.#}K"),
        _ => Invariant($"{value:#,0.##}"),
    };

    private static string Truncate(string text) => text.Length <= 22 ? text : text[..21] + "…";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
