namespace Cartwheel.Tests.Simulation;

/// <summary>A written file's counts recomputed from its lines alone: corrupt by <see cref="IndependentValidator"/>, duplicates by repeated text.</summary>
internal sealed record FileRecount(long Lines, long Records, long Duplicates, long Corrupt, IReadOnlyDictionary<string, long> CorruptByReason, IReadOnlyList<string> CleanLines)
{
    public static FileRecount Of(string directory, string file, bool seed004)
    {
        var lines = File.ReadAllLines(Path.Combine(directory, file));
        var body = file.EndsWith(".csv", StringComparison.Ordinal) ? lines[1..] : lines;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clean = new List<string>();
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long duplicates = 0, corrupt = 0;
        foreach (var line in body)
        {
            if (IndependentValidator.Reason(file, seed004, line) is { } reason)
            {
                corrupt++;
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
            else if (!seen.Add(line))
            {
                duplicates++;
            }
            else
            {
                clean.Add(line);
            }
        }

        return new FileRecount(body.Length, clean.Count, duplicates, corrupt, reasons, clean);
    }
}
