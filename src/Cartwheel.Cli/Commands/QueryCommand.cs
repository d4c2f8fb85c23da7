using System.CommandLine;
using Cartwheel.Cli.Output;
using Cartwheel.Warehouse;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel query "SQL"</c>: read-only SQL over the bronze and silver views and the gold tables.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "A SELECT query, e.g. \"SELECT * FROM gold.daily_sales LIMIT 10\"." };
        var maxRows = new Option<int>("--max-rows") { Description = "Print at most this many rows.", DefaultValueFactory = _ => 10_000 };
        var timeout = new Option<double>("--timeout") { Description = "Stop the query after this many seconds (0: no limit).", DefaultValueFactory = _ => 60 };
        var command = new Command("query", "Run read-only SQL against the warehouse (schemas bronze, silver, gold); write statements are refused.")
        {
            sql,
            maxRows,
            timeout,
        };
        command.SetGuardedAction((parseResult, cancellationToken) =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory, readOnly: true);
            var result = ReadOnlyQuery.Execute(warehouse, parseResult.GetValue(sql)!, parseResult.GetValue(maxRows), cancellationToken,
                parseResult.GetValue(timeout) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
            OutputWriter.Write(new TabularResult("Query result", result.Columns, result.Rows), parseResult.GetValue(CommonOptions.Format));
            if (result.Truncated)
            {
                Console.Error.WriteLine($"(output cut at {result.Rows.Count} rows; use --max-rows)");
            }

            return Task.FromResult(CommandRunner.Ok);
        });
        return command;
    }
}
