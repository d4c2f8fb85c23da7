namespace Cartwheel.Simulation.Model;

/// <summary>Countries and their states or regions, weighted by share of shoppers.</summary>
internal static class Geography
{
    private static readonly (string Country, double Weight, string[] States)[] Countries =
    [
        ("US", 0.55, ["CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "WA", "MA", "CO", "AZ"]),
        ("GB", 0.12, ["ENG", "SCT", "WLS", "NIR"]),
        ("CA", 0.10, ["ON", "QC", "BC", "AB"]),
        ("DE", 0.09, ["BY", "BE", "HH", "NW", "HE"]),
        ("FR", 0.07, ["IDF", "ARA", "PAC", "OCC"]),
        ("AU", 0.07, ["NSW", "VIC", "QLD", "WA"]),
    ];

    private static readonly double[] Cumulative = Sampling.Cumulative(Countries.Select(c => c.Weight));

    public static (string Country, string State) Pick(Random random)
    {
        var (country, _, states) = Countries[Sampling.Pick(Cumulative, random)];
        return (country, states[random.Next(states.Length)]);
    }
}
