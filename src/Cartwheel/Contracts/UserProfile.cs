using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>
/// One version of a customer's profile. Profiles change over time (tier upgrades, moves);
/// each change is a new row with a later <see cref="UpdatedAt"/>, kept as history (SCD Type 2 in gold).
/// <c>source_message_id</c>: the Segment <c>messageId</c> the version was mapped from (null for other sources and messages without one); a client's retry
/// carries the same id, so the stream drops the retried version although its skew-corrected <c>updated_at</c> differs.
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
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceMessageId = null);
