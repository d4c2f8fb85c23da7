using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>A customer's loyalty tier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserTier>))]
public enum UserTier
{
    [JsonStringEnumMemberName("free")] Free,
    [JsonStringEnumMemberName("premium")] Premium,
    [JsonStringEnumMemberName("vip")] Vip,
}
