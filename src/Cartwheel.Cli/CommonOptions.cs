using System.CommandLine;
using Cartwheel.Cli.Output;

namespace Cartwheel.Cli;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = $"The data directory (catalog, warehouse, lake, quarantine, reports). Default: ${DataDirectory.EnvironmentVariable} or ./{DataDirectory.DefaultPath}.",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Format = new("--format")
    {
        Description = "Output format of listings and query results: table, csv or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static DataDirectory ResolveDataDirectory(ParseResult parseResult) =>
        DataDirectory.Resolve(parseResult.GetValue(DataDir));
}
