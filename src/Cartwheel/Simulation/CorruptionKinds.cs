namespace Cartwheel.Simulation;

/// <summary>The quarantine reason code (docs/data-model.md) the pipeline must give each <see cref="CorruptionKind"/>.</summary>
internal static class CorruptionKinds
{
    public static string Reason(this CorruptionKind kind) => kind switch
    {
        CorruptionKind.TruncatedJson or CorruptionKind.GarbageText => "invalid_json",
        CorruptionKind.JsonArray => "not_an_object",
        CorruptionKind.MissingTime => "missing_event_time",
        CorruptionKind.InvalidTime => "invalid_event_time",
        CorruptionKind.EmptyKey => "missing_key",
        CorruptionKind.WrongType => "invalid_type",
        CorruptionKind.BadValue => "invalid_value",
        CorruptionKind.WrongFieldCount => "invalid_csv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
