using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Cartwheel.Quality;

/// <summary>Typed access to one YAML mapping, with errors that carry the file, line and column.</summary>
internal sealed class NodeReader
{
    private readonly string _source;
    private readonly YamlMappingNode _mapping;

    public NodeReader(string source, YamlMappingNode mapping, IReadOnlyCollection<string> allowedKeys)
    {
        _source = source;
        _mapping = mapping;
        foreach (var key in mapping.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !allowedKeys.Contains(name))
            {
                throw SuiteParser.Error(source, key.Start,
                    $"unknown key '{(key as YamlScalarNode)?.Value}' (expected one of: {string.Join(", ", allowedKeys)})");
            }
        }
    }

    public int Line => (int)_mapping.Start.Line;

    public bool Has(string key) => _mapping.Children.ContainsKey(new YamlScalarNode(key));

    public string? Optional(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode { Value: { Length: > 0 } value } => value,
        var other => throw SuiteParser.Error(_source, other.Start, $"{key} must be a non-empty text value"),
    };

    public string Required(string key) =>
        Optional(key) ?? throw SuiteParser.Error(_source, _mapping.Start, $"missing required key '{key}'");

    public decimal? Decimal(string key) => Optional(key) is not { } text ? null
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw ErrorAt(key, $"{key} must be a number, not '{text}'");

    public double Double(string key, double fallback, double minimum) => Decimal(key) is not { } value ? fallback
        : (double)value >= minimum ? (double)value : throw ErrorAt(key, string.Create(CultureInfo.InvariantCulture, $"{key} must be at least {minimum}"));

    public int Int(string key, int fallback, int minimum) => Decimal(key) is not { } value ? fallback
        : value == Math.Floor(value) && value >= minimum ? (int)value
        : throw ErrorAt(key, string.Create(CultureInfo.InvariantCulture, $"{key} must be a whole number ≥ {minimum}"));

    /// <summary>A scalar or a sequence of scalars, as a list.</summary>
    public IReadOnlyList<string> List(string key) => Node(key) switch
    {
        null => [],
        YamlScalarNode { Value: { Length: > 0 } value } => [value],
        YamlSequenceNode sequence => sequence.Children.Select(c => c is YamlScalarNode { Value: { } v }
            ? v : throw SuiteParser.Error(_source, c.Start, $"{key} must be a list of values")).ToList(),
        var other => throw SuiteParser.Error(_source, other.Start, $"{key} must be a value or a list of values"),
    };

    public IReadOnlyList<string> Identifiers(string key)
    {
        var names = List(key);
        foreach (var name in names)
        {
            EnsureIdentifier(key, name);
        }

        return names;
    }

    public IEnumerable<YamlNode> Sequence(string key) => Node(key) switch
    {
        null => throw SuiteParser.Error(_source, _mapping.Start, $"missing required key '{key}'"),
        YamlSequenceNode sequence => sequence.Children,
        var other => throw SuiteParser.Error(_source, other.Start, $"{key} must be a list"),
    };

    public void EnsureIdentifier(string key, string name)
    {
        if (!SuiteParser.Identifier().IsMatch(name))
        {
            throw ErrorAt(key, $"'{name}' is not a column name (letters, digits, _)");
        }
    }

    public CartwheelException ErrorAt(string key, string message) =>
        SuiteParser.Error(_source, (Node(key) ?? _mapping).Start, message);

    public CartwheelException Error(string message) => SuiteParser.Error(_source, _mapping.Start, message);

    private YamlNode? Node(string key) => _mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
}
