using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cartwheel.Quality;

/// <summary>
/// Parses one suite file. Every mistake — YAML syntax, an unknown key or type, a missing or ill-typed
/// parameter — is a <see cref="CartwheelException"/> (<see cref="ErrorCodes.QualitySuiteInvalid"/>) naming the
/// file, line and column.
/// </summary>
public static partial class SuiteParser
{
    private static readonly string[] SuiteKeys = ["suite", "table", "partition_column", "key", "expectations"];

    public static ExpectationSuite Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Error(source, ex.Start, ex.InnerException?.Message ?? ex.Message);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(source, stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start,
                "a suite file holds one mapping with suite, table, expectations");
        }

        var reader = new NodeReader(source, root, SuiteKeys);
        var table = reader.Required("table");
        if (!QualifiedName().IsMatch(table) && table != "catalog")
        {
            throw reader.ErrorAt("table", $"'{table}' is not a table name (schema.table, or catalog for error_rate)");
        }

        var suiteName = reader.Optional("suite") ?? table.Replace('.', '_');
        var partition = reader.Optional("partition_column");
        if (partition is not null)
        {
            reader.EnsureIdentifier("partition_column", partition);
        }

        var key = reader.Identifiers("key");
        var expectations = new List<Expectation>();
        foreach (var node in reader.Sequence("expectations"))
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(source, node.Start, "each expectation is a mapping with at least a type");
            }

            var expectation = ExpectationParser.Parse(new NodeReader(source, mapping, ExpectationParser.Keys), partition);
            if (expectations.Any(e => e.Name == expectation.Name))
            {
                throw Error(source, mapping.Start, $"the expectation name '{expectation.Name}' is used twice in suite '{suiteName}' (give one a name:)");
            }

            if (expectation.Type == ExpectationType.ErrorRate != (table == "catalog"))
            {
                throw Error(source, mapping.Start, "error_rate expectations belong in a suite with table: catalog, and only there");
            }

            expectations.Add(expectation);
        }

        return new ExpectationSuite(suiteName, table, partition, key, expectations, source);
    }

    internal static CartwheelException Error(string source, Mark mark, string message) =>
        new(ErrorCodes.QualitySuiteInvalid, string.Create(CultureInfo.InvariantCulture,
            $"{source} line {mark.Line}, column {mark.Column}: {message}"));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex QualifiedName();
}
