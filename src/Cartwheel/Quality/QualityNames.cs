using System.Text;

namespace Cartwheel.Quality;

/// <summary>The snake_case names of the quality enums, as written in YAML, the catalog and the CLI.</summary>
public static class QualityNames
{
    public static string Name(this ExpectationType type) => Snake(type.ToString());

    public static string Name(this Severity severity) => Snake(severity.ToString());

    public static string Name(this CheckStatus status) => Snake(status.ToString());

    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Snake(candidate.ToString()) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static IEnumerable<string> All<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => Snake(v.ToString()));

    private static string Snake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
