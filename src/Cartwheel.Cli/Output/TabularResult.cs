namespace Cartwheel.Cli.Output;

/// <summary>A titled table of values to print in any <see cref="OutputFormat"/>.</summary>
internal sealed record TabularResult(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
