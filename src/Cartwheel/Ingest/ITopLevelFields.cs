using System.Text.Json;

namespace Cartwheel.Ingest;

/// <summary>
/// Collects more top-level fields while <see cref="JsonRecordParser"/> validates a record, so a caller that needs them
/// reads the record once. Called on each top-level property name that is neither the key nor a time field.
/// </summary>
internal interface ITopLevelFields
{
    /// <summary>Returns false, leaving the reader on the name, for a name it does not want; else reads the value (Read once) and returns true.</summary>
    bool TryRead(ref Utf8JsonReader reader);
}
