using Cartwheel.Reports;
using Spectre.Console;

namespace Cartwheel.Cli.Output;

/// <summary>Prints <see cref="TabularResult"/>s as a Spectre table, RFC 4180 CSV or a JSON array of objects.</summary>
internal static class OutputWriter
{
    public static void Write(TabularResult result, OutputFormat format, TextWriter? writer = null)
    {
        writer ??= Console.Out;
        switch (format)
        {
            case OutputFormat.Csv:
                TabularText.WriteCsv(writer, result.Columns, result.Rows);
                break;
            case OutputFormat.Json:
                writer.WriteLine(TabularText.Json(result.Columns, result.Rows));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(result.Title)}[/]");
                foreach (var column in result.Columns)
                {
                    table.AddColumn(new TableColumn(Markup.Escape(column)));
                }

                foreach (var row in result.Rows)
                {
                    table.AddRow(row.Select(v => new Text(Text(v))).ToArray());
                }

                for (var i = 0; i < result.Columns.Count; i++)
                {
                    if (result.Rows.Count > 0 && result.Rows.All(r => r[i] is null or sbyte or byte or short or int or long or decimal or double or float or System.Numerics.BigInteger or ulong or uint))
                    {
                        table.Columns[i].RightAligned();
                    }
                }

                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
                if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected)
                {
                    // Not a terminal: nothing to fit, so never cut column names or values.
                    console.Profile.Width = 240;
                }

                console.Write(table);
                break;
        }
    }

    /// <summary>Renders a value as invariant text (dates in ISO 8601, decimals as written).</summary>
    public static string Text(object? value) => TabularText.Text(value);
}
