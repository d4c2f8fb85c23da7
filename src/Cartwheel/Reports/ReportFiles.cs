using System.Text.RegularExpressions;

namespace Cartwheel.Reports;

/// <summary>
/// The reports folder of a data directory: <c>reports/&lt;kind&gt;/&lt;label&gt;/index.html</c> plus each table as
/// <c>&lt;table&gt;.csv</c> and <c>&lt;table&gt;.json</c>. Writes a report (each file to a temporary name, then renamed;
/// the page last, so a listed report is complete), lists the reports, and resolves a requested file to a path only
/// when it is a report file inside the folder (no other names, no symbolic links).
/// </summary>
public static partial class ReportFiles
{
    public const string Page = "index.html";

    /// <summary>Writes the report's tables and page; returns its folder.</summary>
    public static string Write(DataDirectory dataDirectory, ReportData data)
    {
        var folder = Path.Combine(dataDirectory.Reports, data.Period.Kind, data.Period.Label);
        Directory.CreateDirectory(folder);
        foreach (var table in data.Tables)
        {
            WriteFile(folder, table.Name + ".csv", writer => TabularText.WriteCsv(writer, table.Columns, table.Rows));
            WriteFile(folder, table.Name + ".json", writer => writer.WriteLine(TabularText.Json(table.Columns, table.Rows)));
        }

        WriteFile(folder, Page, writer => writer.Write(HtmlReport.Render(data)));
        return folder;
    }

    /// <summary>Every complete report (a valid kind and label folder with its page), by kind (daily, weekly, monthly), newest period first.</summary>
    public static IReadOnlyList<ReportEntry> List(DataDirectory dataDirectory)
    {
        var entries = new List<ReportEntry>();
        foreach (var kind in ReportPeriod.Kinds)
        {
            var kindFolder = new DirectoryInfo(Path.Combine(dataDirectory.Reports, kind));
            if (!kindFolder.Exists || kindFolder.LinkTarget is not null)
            {
                continue;
            }

            var ofKind = new List<ReportEntry>();
            foreach (var folder in kindFolder.EnumerateDirectories())
            {
                var page = new FileInfo(Path.Combine(folder.FullName, Page));
                if (ReportPeriod.TryParse(kind, folder.Name) is not { } period || folder.LinkTarget is not null || !page.Exists || page.LinkTarget is not null)
                {
                    continue;
                }

                var tables = folder.EnumerateFiles().Where(f => f.LinkTarget is null && FileName().IsMatch(f.Name) && f.Extension is ".csv" or ".json")
                    .GroupBy(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new ReportTableFiles(g.Key, g.Any(f => f.Extension == ".csv"), g.Any(f => f.Extension == ".json")))
                    .ToList();
                ofKind.Add(new ReportEntry(period, new DateTimeOffset(page.LastWriteTimeUtc, TimeSpan.Zero), tables));
            }

            entries.AddRange(ofKind.OrderByDescending(e => e.Period.Start));
        }

        return entries;
    }

    /// <summary>
    /// The path of <c>reports/&lt;kind&gt;/&lt;label&gt;/&lt;file&gt;</c> when all three are the names of a report file
    /// (a known kind, that kind's label, <c>index.html</c> or a lowercase table name with <c>.csv</c>/<c>.json</c>) and it
    /// exists as a regular file; null otherwise. Nothing outside the reports folder can be named.
    /// </summary>
    public static string? Resolve(DataDirectory dataDirectory, string kind, string label, string file)
    {
        if (ReportPeriod.TryParse(kind, label) is null || !FileName().IsMatch(file))
        {
            return null;
        }

        var root = Path.GetFullPath(dataDirectory.Reports) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, kind, label, file));
        var info = new FileInfo(path);
        return path.StartsWith(root, StringComparison.Ordinal) && info.Exists && info.LinkTarget is null
            && new DirectoryInfo(Path.Combine(root, kind, label)).LinkTarget is null && new DirectoryInfo(Path.Combine(root, kind)).LinkTarget is null
            ? path : null;
    }

    private static void WriteFile(string folder, string name, Action<TextWriter> write)
    {
        var path = Path.Combine(folder, name);
        var temporary = Path.Combine(folder, "." + name + ".tmp");
        using (var writer = new StreamWriter(temporary))
        {
            write(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}\\.(html|csv|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
