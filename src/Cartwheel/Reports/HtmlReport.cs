using System.Globalization;
using System.Net;
using System.Text;

namespace Cartwheel.Reports;

/// <summary>Renders a report as one self-contained HTML page: inline CSS and SVG charts, no script, no network.</summary>
public static class HtmlReport
{
    public static string Render(ReportData data)
    {
        var p = data.Period;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Cartwheel {p.Kind} report {p.Label}</title><style>{Css}</style></head><body><main>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>Cartwheel · {Cap(p.Kind)} report</h1><p>{p.Label} ({p.Start:yyyy-MM-dd} – {p.End:yyyy-MM-dd}) · compared with ");
        html.Append(CultureInfo.InvariantCulture, $"{p.Previous().Label} · generated {data.GeneratedAt:yyyy-MM-dd HH:mm} UTC</p></header>");
        Kpis(html, data.Table("kpis"));
        var trend = data.Table("revenue_trend");
        var points = trend.Rows.Select(r => (r[0] is DateOnly d ? d.ToString("MM-dd", CultureInfo.InvariantCulture) : Convert.ToDateTime(r[0], CultureInfo.InvariantCulture).ToString("MM-dd", CultureInfo.InvariantCulture), Convert.ToDouble(r[1], CultureInfo.InvariantCulture), (bool)r[3]!)).ToList();
        Card(html, "Revenue by day", "Dark: this period; light: the previous one.", SvgChart.Columns(points));
        html.Append("<div class=\"grid\">");
        foreach (var name in new[] { "top_products", "sales_by_category", "sales_by_channel", "sales_by_country" })
        {
            var t = data.Table(name);
            Card(html, t.Title, "Revenue (Σ line revenue of completed orders).", SvgChart.Bars(Pairs(t, "value", "revenue")) + Table(t));
        }

        var funnel = data.Table("funnel");
        Card(html, funnel.Title, "Sessions reaching each step (at least one event of its type).", SvgChart.Bars(Pairs(funnel, "step", "sessions")) + Table(funnel));
        var attribution = data.Table("attribution");
        Card(html, attribution.Title, "Orders' revenue credited over the sessions before each order (30-day lookback).", Table(attribution));
        html.Append("</div><footer>Numbers are read from the published gold marts (gold.sales_summary, gold.funnel_daily, gold.fact_refunds, gold.channel_attribution). ");
        html.Append("Every table is also written as CSV and JSON next to this page.</footer></main></body></html>");
        return html.ToString();
    }

    private static void Kpis(StringBuilder html, ReportTable kpis)
    {
        html.Append("<section class=\"kpis\">");
        foreach (var row in kpis.Rows)
        {
            var (metric, unit, value, previous, change) = ((string)row[0]!, (string)row[1]!, Number(row[2]), Number(row[3]), row[4] is null ? (double?)null : Number(row[4]));
            var inverse = metric is "Cart abandonment" or "Refunds";
            var css = change is null or 0 ? "flat" : (change > 0) != inverse ? "up" : "down";
            var arrow = change is null ? "–" : change > 0 ? "▲" : change < 0 ? "▼" : "■";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"kpi\"><div class=\"name\">{Encode(metric)}</div><div class=\"value\">{Format(value, unit)}</div>");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"change {css}\">{arrow} {(change is null ? "n/a" : change.Value.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture))}");
            html.Append(CultureInfo.InvariantCulture, $" <span>vs {Format(previous, unit)}</span></div></div>");
        }

        html.Append("</section>");
    }

    private static void Card(StringBuilder html, string title, string note, string body) =>
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{Encode(title)}</h2><p class=\"note\">{Encode(note)}</p>{body}</section>");

    private static string Table(ReportTable t)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var c in t.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(c)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in t.Rows)
        {
            html.Append("<tr>");
            foreach (var v in row)
            {
                var numeric = v is decimal or double or long or int or System.Numerics.BigInteger;
                html.Append(CultureInfo.InvariantCulture, $"<td{(numeric ? " class=\"num\"" : string.Empty)}>{Encode(Cell(v))}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append(t.Rows.Count == 0 ? "<tr><td colspan=\"9\" class=\"empty\">No data for this period.</td></tr>" : string.Empty)
            .Append("</tbody></table>").ToString();
    }

    private static List<(string, double)> Pairs(ReportTable t, string label, string value) =>
        t.Column(label).Zip(t.Column(value), (l, v) => (Cell(l), Number(v))).ToList();

    private static double Number(object? v) => v is null ? 0 : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    private static string Cell(object? v) => v switch
    {
        null => string.Empty,
        decimal m => m.ToString(m.Scale == 2 ? "#,0.00" : "#,0.##", CultureInfo.InvariantCulture), // money keeps its cents
        double d => d.ToString("#,0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };

    private static string Format(double value, string unit) => unit switch
    {
        "money" => value.ToString("#,0.00", CultureInfo.InvariantCulture),
        "percent" => value.ToString("0.0%", CultureInfo.InvariantCulture),
        _ => value.ToString("#,0", CultureInfo.InvariantCulture),
    };

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        :root{--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--up:#047857;--down:#b91c1c}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:28px}header h1{margin:0;font-size:24px}header p{margin:4px 0 20px;color:var(--muted)}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-bottom:16px}
        .kpi,.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
        .kpi .name{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.kpi .value{font-size:24px;font-weight:650;margin:2px 0}
        .change{font-size:12px}.change span{color:var(--muted)}.up{color:var(--up)}.down{color:var(--down)}.flat{color:var(--muted)}
        .card{margin-bottom:16px}.card h2{font-size:16px;margin:0}.note{color:var(--muted);margin:2px 0 10px;font-size:12px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:0 16px}
        table{width:100%;border-collapse:collapse;margin-top:8px;font-size:13px}th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left}
        th{color:var(--muted);font-weight:600;font-size:12px}td.num{text-align:right;font-variant-numeric:tabular-nums}td.empty{color:var(--muted)}
        svg .axis{fill:var(--muted);font-size:11px}svg .label{fill:var(--ink);font-size:12px}svg .value{fill:var(--muted);font-size:12px}
        footer{color:var(--muted);font-size:12px;margin-top:8px}
        """;
}
