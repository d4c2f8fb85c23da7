using System.Collections.Concurrent;
using System.Reflection;

namespace Cartwheel.Internal;

/// <summary>Reads the SQL files under <c>sql/</c>, embedded in the assembly as resources.</summary>
internal static class SqlResources
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of <c>sql/&lt;relativePath&gt;</c>, e.g. <c>gold/dim_user.sql</c>.</summary>
    public static string Get(string relativePath) => Cache.GetOrAdd(relativePath, static path =>
    {
        var name = "Cartwheel.sql." + path.Replace('\\', '/');
        var assembly = typeof(SqlResources).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new CartwheelException(ErrorCodes.Internal, $"Embedded SQL resource '{path}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Names (relative paths) of all embedded SQL files under a folder, sorted.</summary>
    public static IReadOnlyList<string> List(string folder)
    {
        var prefix = "Cartwheel.sql." + folder.TrimEnd('/') + "/";
        return typeof(SqlResources).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => folder + "/" + n[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
