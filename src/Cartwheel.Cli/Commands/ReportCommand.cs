using System.CommandLine;
using Cartwheel.Cli.Output;
using Cartwheel.Reports;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel report daily|weekly|monthly [--date D]</c>: a self-contained HTML report of the period containing D (default:
/// the last order date in gold) plus each of its tables as CSV and JSON, under <c>reports/&lt;period&gt;/&lt;label&gt;/</c>.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Write an HTML report (KPIs vs the previous period, charts, top tables) and its tables as CSV and JSON.");
        foreach (var kind in new[] { "daily", "weekly", "monthly" })
        {
            var date = new Option<string?>("--date") { Description = "A day of the period to report (YYYY-MM-DD); default: the last order date in gold." };
            var sub = new Command(kind, $"The {kind} report.") { date };
            sub.SetGuardedAction(parseResult => Write(parseResult, kind, parseResult.GetValue(date)));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static int Write(ParseResult parseResult, string kind, string? dateText)
    {
        var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
        using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory, readOnly: true);
        var date = dateText is not null ? RunSummary.ParseDate(dateText, "--date") : LastOrderDate(warehouse);
        var data = ReportBuilder.Build(warehouse, ReportPeriod.Containing(kind, date));
        var folder = ReportFiles.Write(dataDirectory, data);
        OutputWriter.Write(new TabularResult($"{kind} report {data.Period.Label}", ["file"],
            Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (IReadOnlyList<object?>)[f]).ToList()), parseResult.GetValue(CommonOptions.Format));
        return CommandRunner.Ok;
    }

    private static DateOnly LastOrderDate(Cartwheel.Warehouse.Warehouse warehouse)
    {
        var published = warehouse.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold' AND view_name = 'fact_sales'") > 0;
        var last = published ? warehouse.Scalar<string>("SELECT strftime(max(order_date), '%Y-%m-%d') FROM gold.fact_sales") : null;
        return last is not null ? RunSummary.ParseDate(last, "the last order date")
            : throw new CartwheelException(ErrorCodes.InvalidArgument, "Gold has no sales yet: run `cartwheel run` first or give --date.");
    }
}
