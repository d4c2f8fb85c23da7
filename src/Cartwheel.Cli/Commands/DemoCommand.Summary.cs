using System.Globalization;
using System.Text.Json;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;
using Cartwheel.Quality;
using Cartwheel.Warehouse;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

internal static partial class DemoCommand
{
    private const string RevenueByDaySql =
        "SELECT order_date AS date, count(DISTINCT order_id) AS orders, sum(quantity) AS units, sum(line_revenue) AS revenue " +
        "FROM gold.fact_sales GROUP BY order_date ORDER BY order_date";

    private const string TopProductsSql =
        "SELECT f.product_id, any_value(p.name) AS name, any_value(p.category) AS category, sum(f.quantity) AS units, " +
        "sum(f.line_revenue) AS revenue FROM gold.fact_sales AS f LEFT JOIN gold.dim_product AS p USING (product_key) " +
        "GROUP BY f.product_id ORDER BY revenue DESC, f.product_id LIMIT 10";

    private static void WriteSummary(CatalogStore catalog, Cartwheel.Warehouse.Warehouse warehouse, RunReport run, OutputFormat format)
    {
        var layers = StatusCommand.Build(catalog) with { Title = "Records per layer" };
        var gold = new TabularResult("Gold tables", ["table", "rows"], run.Gold.Select(g => (IReadOnlyList<object?>)[g.Table, g.Rows]).ToList());
        var revenue = Tabular("Revenue by day (completed orders)", ReadOnlyQuery.Execute(warehouse, RevenueByDaySql));
        var top = Tabular("Top 10 products by revenue", ReadOnlyQuery.Execute(warehouse, TopProductsSql));
        TabularResult[] sections = run.Quality is { } quality
            ? [layers, gold, QualitySummary(quality), revenue, top]
            : [layers, gold, revenue, top];

        switch (format)
        {
            case OutputFormat.Json:
                using (var stdout = Console.OpenStandardOutput())
                using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    foreach (var section in sections)
                    {
                        using var writer = new StringWriter(CultureInfo.InvariantCulture);
                        OutputWriter.Write(section, OutputFormat.Json, writer);
                        json.WritePropertyName(Key(section.Title));
                        json.WriteRawValue(writer.ToString());
                    }

                    json.WriteEndObject();
                }

                Console.WriteLine();
                return;
            case OutputFormat.Csv:
                foreach (var section in sections)
                {
                    Console.WriteLine("# " + section.Title);
                    OutputWriter.Write(section, OutputFormat.Csv);
                    Console.WriteLine();
                }

                return;
        }

        OutputWriter.Write(layers, OutputFormat.Table);
        OutputWriter.Write(gold, OutputFormat.Table);
        if (run.Quality is { } gate)
        {
            OutputWriter.Write(QualitySummary(gate), OutputFormat.Table);
        }

        var chart = new BarChart().Label("[bold]Revenue by day[/]").Width(Math.Min(100, Console.IsOutputRedirected ? 100 : AnsiConsole.Profile.Width));
        foreach (var row in revenue.Rows)
        {
            chart.AddItem(OutputWriter.Text(row[0]), (double)(decimal)row[3]!, Color.SteelBlue1);
        }

        if (revenue.Rows.Count > 0)
        {
            AnsiConsole.Write(chart);
        }

        OutputWriter.Write(revenue, OutputFormat.Table);
        OutputWriter.Write(top, OutputFormat.Table);
        var totals = catalog.ListBatches();
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
            "Record accounting: [green]{0:N0}[/] bronze rows received by silver = {1:N0} accepted + {2:N0} quarantined + {3:N0} duplicates; {4:N0} lines quarantined at ingest.",
            totals.Where(b => b.Stage == "silver").Sum(b => b.Received), totals.Where(b => b.Stage == "silver").Sum(b => b.Accepted),
            totals.Where(b => b.Stage == "silver").Sum(b => b.Quarantined), totals.Where(b => b.Stage == "silver").Sum(b => b.Duplicates),
            totals.Where(b => b.Stage == "ingest").Sum(b => b.Quarantined));
        AnsiConsole.MarkupLine("Explore: [blue]./cartwheel query \"SELECT * FROM gold.daily_sales ORDER BY total_revenue DESC LIMIT 10\"[/]");
    }

    private static TabularResult Tabular(string title, QueryResult result) => new(title, result.Columns, result.Rows);

    private static string Key(string title) => string.Concat(title.ToLowerInvariant().Split(' ', '(', ')').Where(p => p.Length > 0)
        .Select((p, i) => i == 0 ? p : "_" + p));

    /// <summary>How many of the gate's checks ended in each status, per severity: the demo shows the gate ran and what it found.</summary>
    private static TabularResult QualitySummary(QualityGateResult quality) =>
        new("Quality gate", ["severity", "status", "checks"], quality.Results
            .GroupBy(r => (Severity: r.Severity.Name(), Status: r.Status.Name()))
            .OrderBy(g => g.Key.Severity, StringComparer.Ordinal).ThenBy(g => g.Key.Status, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<object?>)[g.Key.Severity, g.Key.Status, g.Count()]).ToList());
}
