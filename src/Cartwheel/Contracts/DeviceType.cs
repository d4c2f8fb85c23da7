using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>The class of device a session ran on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceType>))]
public enum DeviceType
{
    [JsonStringEnumMemberName("desktop")] Desktop,
    [JsonStringEnumMemberName("mobile")] Mobile,
    [JsonStringEnumMemberName("tablet")] Tablet,
}
