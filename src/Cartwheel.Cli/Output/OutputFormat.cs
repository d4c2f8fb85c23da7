namespace Cartwheel.Cli.Output;

/// <summary>How listings and query results are printed.</summary>
internal enum OutputFormat
{
    Table,
    Csv,
    Json,
}
