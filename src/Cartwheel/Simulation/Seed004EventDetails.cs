namespace Cartwheel.Simulation;

/// <summary>The <c>event_details</c> object of a seed004 event.</summary>
public sealed record Seed004EventDetails(
    string PageUrl,
    string? Referrer,
    string? ProductId,
    string Device,
    string? Os,
    string? Country,
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign);
