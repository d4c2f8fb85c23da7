namespace Cartwheel.Simulation;

/// <summary>How a corrupt line is broken; each kind maps to exactly one quarantine reason (<see cref="CorruptionKinds.Reason"/>).</summary>
internal enum CorruptionKind
{
    TruncatedJson,
    GarbageText,
    JsonArray,
    MissingTime,
    InvalidTime,
    EmptyKey,
    WrongType,
    BadValue,
    WrongFieldCount,
}
