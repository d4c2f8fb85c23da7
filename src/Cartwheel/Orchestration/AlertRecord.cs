namespace Cartwheel.Orchestration;

/// <summary>A raised alert as stored in <c>alerts</c>, with the outcome of its delivery.</summary>
public sealed record AlertRecord(
    Alert Alert,
    DateTimeOffset RaisedAt,
    DateTimeOffset? DeliveredAt,
    string? DeliveryError);
