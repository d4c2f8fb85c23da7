namespace Cartwheel.Quality;

/// <summary>
/// Loads the expectation suites: the shipped defaults (repo <c>quality/*.yml</c>, embedded in the assembly),
/// then <c>&lt;data-dir&gt;/quality/*.yml</c>, where a file replaces the default of the same file name and a new
/// name adds a suite. A file whose <c>expectations</c> list is empty disables that default.
/// </summary>
public static class SuiteLoader
{
    private const string ResourcePrefix = "Cartwheel.quality.";

    /// <summary>The suites for a data directory (defaults overridden by its quality/ folder), sorted by file name.</summary>
    public static IReadOnlyList<ExpectationSuite> Load(DataDirectory? dataDirectory)
    {
        var files = new SortedDictionary<string, (string Text, string Source)>(StringComparer.Ordinal);
        var assembly = typeof(SuiteLoader).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var fileName = resource[ResourcePrefix.Length..];
            files[fileName] = (reader.ReadToEnd(), "quality/" + fileName + " (built in)");
        }

        var folder = dataDirectory is null ? null : Path.Combine(dataDirectory.Root, "quality");
        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder).Where(p => p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)))
            {
                files[Path.GetFileNameWithoutExtension(path) + ".yml"] = (File.ReadAllText(path), path);
            }
        }

        var suites = files.Values.Select(f => SuiteParser.Parse(f.Text, f.Source)).Where(s => s.Expectations.Count > 0).ToList();
        var twice = suites.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new CartwheelException(ErrorCodes.QualitySuiteInvalid,
                $"The suite name '{twice.Key}' is used by {string.Join(" and ", twice.Select(s => s.Source))}.");
        }

        return suites;
    }
}
