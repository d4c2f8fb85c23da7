namespace Cartwheel.Contracts;

/// <summary>
/// One version of a customer's profile. Profiles change over time (tier upgrades, moves);
/// each change is a new row with a later <see cref="UpdatedAt"/>, kept as history (SCD Type 2 in gold).
/// </summary>
public sealed record UserProfile(
    string UserId,
    [property: Pii] string Email,
    [property: Pii] string Name,
    [property: Pii] string? Phone,
    string Country,
    [property: Pii(PiiCategory.Quasi)] string? State,
    UserTier Tier,
    DeviceType DeviceType,
    DateOnly SignupDate,
    DateTimeOffset UpdatedAt);
