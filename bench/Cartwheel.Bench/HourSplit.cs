using System.Text;

namespace Cartwheel.Bench;

/// <summary>
/// Splits the simulated day into what a first build sees (<c>main/</c>) and one more hour that arrives later
/// (<c>hour/</c>): the click events and inventory updates whose <c>event_time</c>, and the orders (every version)
/// whose <c>created_at</c>, fall in the hour starting at <paramref name="hour"/> go to <c>hour/</c>, everything else
/// (profiles, catalog, corrupt lines) to <c>main/</c>. Done once per input and reused.
/// </summary>
internal static class HourSplit
{
    private static readonly (string File, string Field)[] Files =
        [("events.jsonl", "\"event_time\":\""), ("orders.jsonl", "\"created_at\":\""), ("inventory.jsonl", "\"event_time\":\"")];

    public static (string Main, string Hour) EnsureSplit(string folder, DateTimeOffset hour)
    {
        var root = folder + $"-split-{hour:yyyyMMddHH}";
        var main = Path.Combine(root, "main");
        var late = Path.Combine(root, "hour");
        if (File.Exists(Path.Combine(root, "done")))
        {
            return (main, late);
        }

        Directory.CreateDirectory(main);
        Directory.CreateDirectory(late);
        var prefix = hour.UtcDateTime.ToString("yyyy-MM-ddTHH", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (file, field) in Files)
        {
            using var input = new StreamReader(Path.Combine(folder, file), Encoding.UTF8);
            using var toMain = new StreamWriter(Path.Combine(main, file), append: false, new UTF8Encoding(false));
            using var toHour = new StreamWriter(Path.Combine(late, file), append: false, new UTF8Encoding(false));
            while (input.ReadLine() is { } line)
            {
                var at = line.IndexOf(field, StringComparison.Ordinal);
                var inHour = at >= 0 && string.CompareOrdinal(line, at + field.Length, prefix, 0, prefix.Length) == 0;
                (inHour ? toHour : toMain).WriteLine(line);
            }
        }

        foreach (var csv in Directory.GetFiles(folder, "*.csv"))
        {
            File.Copy(csv, Path.Combine(main, Path.GetFileName(csv)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(root, "done"), string.Empty);
        return (main, late);
    }
}
