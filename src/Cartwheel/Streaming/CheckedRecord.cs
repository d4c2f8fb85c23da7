using Cartwheel.Contracts;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

/// <summary>
/// What the parallel half of a micro-batch found out about one log record, from its bytes alone: its kind (null
/// when unknown), the validation outcome, the bytes quarantine keeps, the id's bytes and dedup key, and for a
/// click event the fields the windows read. The order-dependent half (dedup, accounting, windows) uses it in log order.
/// </summary>
internal readonly record struct CheckedRecord(
    EntityKind? Kind,
    RecordOutcome Outcome,
    ReadOnlyMemory<byte> Kept,
    ReadOnlyMemory<byte>? Id,
    UInt128? Key,
    RealtimeAggregator.EventFields Fields);
