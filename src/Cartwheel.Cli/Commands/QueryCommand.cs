using System.CommandLine;
using Cartwheel.Cli.Forwarding;
using Cartwheel.Cli.Output;
using Cartwheel.Warehouse;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel query "SQL"</c>: read-only SQL over the bronze and silver views and the gold tables; sent to the running server
/// when one holds the data directory (docs/query-api.md), run on the warehouse file otherwise.
/// </summary>
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
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var (text, rows, seconds) = (parseResult.GetValue(sql)!, parseResult.GetValue(maxRows), parseResult.GetValue(timeout));
            ArgumentOutOfRangeException.ThrowIfNegative(rows);
            QueryResult result;
            if (await LiveServer.FindAsync(dataDirectory, cancellationToken) is { } server)
            {
                // The server holds the warehouse: it runs the query (same checks, limits and messages) and we print its rows.
                result = await QueryForwarder.RunAsync(server, text, rows, seconds, cancellationToken);
            }
            else
            {
                using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory, readOnly: true);
                result = ReadOnlyQuery.Execute(warehouse, text, rows, cancellationToken, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null);
            }

            OutputWriter.Write(new TabularResult("Query result", result.Columns, result.Rows), parseResult.GetValue(CommonOptions.Format));
            if (result.Truncated)
            {
                Console.Error.WriteLine($"(output cut at {result.Rows.Count} rows; use --max-rows)");
            }

            return CommandRunner.Ok;
        });
        return command;
    }
}
