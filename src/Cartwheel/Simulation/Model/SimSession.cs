using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>What every event of one browsing session shares: who, where from, on which device.</summary>
internal sealed record SimSession(
    string SessionId,
    string? UserId,
    string AnonymousId,
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign,
    string? Referrer,
    DeviceType Device,
    string Os,
    string Country,
    string State,
    string Ip);
