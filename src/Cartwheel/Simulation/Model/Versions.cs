namespace Cartwheel.Simulation.Model;

/// <summary>Point-in-time lookup in a version history ordered oldest first.</summary>
internal static class Versions
{
    /// <summary>The last version that is valid at <paramref name="time"/>, or the first when none is yet.</summary>
    public static T At<T>(List<T> versions, Func<T, DateTimeOffset> validFrom, DateTimeOffset time)
    {
        var current = versions[0];
        foreach (var version in versions)
        {
            if (validFrom(version) <= time)
            {
                current = version;
            }
        }

        return current;
    }
}
