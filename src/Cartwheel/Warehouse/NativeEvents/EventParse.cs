namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>The outcome of <see cref="EventPayloadParser.Parse"/>.</summary>
internal enum EventParse
{
    /// <summary>A valid event: the typed columns are set.</summary>
    Accepted,

    /// <summary>Rejected with <see cref="EventPayloadParser.Reason"/> and <see cref="EventPayloadParser.Detail"/>.</summary>
    Rejected,

    /// <summary>Not reproduced with certainty here: the record's set goes to DuckDB.</summary>
    Unusual,
}
