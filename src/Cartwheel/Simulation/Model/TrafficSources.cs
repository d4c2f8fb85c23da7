namespace Cartwheel.Simulation.Model;

/// <summary>Where sessions come from: direct, organic search, paid search, social, e-mail and affiliates.</summary>
internal static class TrafficSources
{
    private static readonly (double Weight, string? Source, string? Medium, string[] Campaigns, string? Referrer)[] Sources =
    [
        (0.33, null, null, [], null),
        (0.17, null, null, [], "https://www.google.com/"),
        (0.05, null, null, [], "https://www.bing.com/"),
        (0.15, "google", "cpc", ["spring_sale", "brand_search", "shopping_feed"], "https://www.google.com/"),
        (0.07, "facebook", "paid_social", ["spring_sale", "retargeting"], "https://www.facebook.com/"),
        (0.05, "instagram", "social", ["influencer_march", "spring_sale"], "https://www.instagram.com/"),
        (0.08, "newsletter", "email", ["weekly_digest", "cart_reminder"], null),
        (0.05, "partner_blog", "affiliate", ["summer_partners"], "https://partnerblog.example.org/"),
        (0.05, "tiktok", "social", ["creator_collab"], "https://www.tiktok.com/"),
    ];

    private static readonly double[] Cumulative = Sampling.Cumulative(Sources.Select(s => s.Weight));

    public static (string? Source, string? Medium, string? Campaign, string? Referrer) Pick(Random random)
    {
        var (_, source, medium, campaigns, referrer) = Sources[Sampling.Pick(Cumulative, random)];
        return (source, medium, campaigns.Length == 0 ? null : campaigns[random.Next(campaigns.Length)], referrer);
    }
}
