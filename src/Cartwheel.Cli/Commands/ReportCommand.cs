using System.CommandLine;
using Cartwheel.Cli.Forwarding;
using Cartwheel.Cli.Output;
using Cartwheel.Reports;
using Cartwheel.Warehouse;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel report daily|weekly|monthly [--date D]</c>: a self-contained HTML report of the period containing D (default:
/// the last order date in gold) plus each of its tables as CSV and JSON, under <c>reports/&lt;period&gt;/&lt;label&gt;/</c>. While a
/// server holds the data directory, the report's queries go through its query API.
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
            sub.SetGuardedAction((parseResult, cancellationToken) => WriteAsync(parseResult, kind, parseResult.GetValue(date), cancellationToken));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static async Task<int> WriteAsync(ParseResult parseResult, string kind, string? dateText, CancellationToken cancellationToken)
    {
        var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
        ReportData data;
        if (await LiveServer.FindAsync(dataDirectory, cancellationToken) is { } server)
        {
            // The server holds the warehouse: each of the report's SELECTs goes through its query API.
            data = Build(sql => QueryForwarder.RunAsync(server, sql, ReportBuilder.MaxRows, 0, cancellationToken).GetAwaiter().GetResult(), kind, dateText);
        }
        else
        {
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory, readOnly: true);
            data = Build(sql => ReadOnlyQuery.Execute(warehouse, sql, ReportBuilder.MaxRows, cancellationToken), kind, dateText);
        }

        var folder = ReportFiles.Write(dataDirectory, data);
        OutputWriter.Write(new TabularResult($"{kind} report {data.Period.Label}", ["file"],
            Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (IReadOnlyList<object?>)[f]).ToList()), parseResult.GetValue(CommonOptions.Format));
        return CommandRunner.Ok;
    }

    private static ReportData Build(Func<string, QueryResult> query, string kind, string? dateText)
    {
        var date = dateText is not null ? RunSummary.ParseDate(dateText, "--date") : LastOrderDate(query);
        return ReportBuilder.Build(query, ReportPeriod.Containing(kind, date));
    }

    private static DateOnly LastOrderDate(Func<string, QueryResult> query)
    {
        var published = (long)query("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold' AND view_name = 'fact_sales'").Rows[0][0]! > 0;
        var last = published ? query("SELECT strftime(max(order_date), '%Y-%m-%d') FROM gold.fact_sales").Rows[0][0] as string : null;
        return last is not null ? RunSummary.ParseDate(last, "the last order date")
            : throw new CartwheelException(ErrorCodes.InvalidArgument, "Gold has no sales yet: run `cartwheel run` first or give --date.");
    }
}
