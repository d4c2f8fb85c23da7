using System.Text.Json.Serialization;

namespace Cartwheel.Contracts;

/// <summary>Source-generated System.Text.Json metadata for the contracts; field names are snake_case, times ISO 8601 UTC with 'Z'.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(ClickEvent))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(InventoryUpdate))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(Product))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
