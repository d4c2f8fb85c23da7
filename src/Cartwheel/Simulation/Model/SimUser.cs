using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>A registered customer and the versions of their profile, oldest first.</summary>
internal sealed class SimUser(string id, string anonymousId, DateTimeOffset signup, string ip, List<UserProfile> versions)
{
    public string Id { get; } = id;

    /// <summary>The cookie id of the customer's usual device, also before sign-up.</summary>
    public string AnonymousId { get; } = anonymousId;

    public DateTimeOffset Signup { get; } = signup;

    /// <summary>The customer's home IP address.</summary>
    public string Ip { get; } = ip;

    public List<UserProfile> Versions { get; } = versions;

    /// <summary>The profile valid at <paramref name="time"/> (the first one before sign-up).</summary>
    public UserProfile At(DateTimeOffset time) => Model.Versions.At(Versions, v => v.UpdatedAt, time);
}
