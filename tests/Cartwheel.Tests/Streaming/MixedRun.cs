using Cartwheel.Streaming;

namespace Cartwheel.Tests.Streaming;

/// <summary>
/// One data directory that drains a list of records with given stream options and returns everything a run's outcome
/// is compared by: batches, bronze rows, accounting, quarantine counts and the real-time store.
/// </summary>
internal sealed class MixedRun : StreamFixture
{
    public async Task<MixedOutcome> ProcessAsync(List<(string Kind, string Key, string Json)> records, StreamOptions options)
    {
        await AppendAsync(records.Select(r => (r.Kind, (string?)r.Key, r.Json)).ToArray());
        var store = new MemoryRealtimeStore();
        var processor = NewProcessor(options, store);
        var batches = await DrainAsync(processor);
        var bronze = new[] { "events", "orders", "users", "inventory" }
            .SelectMany(kind => ReadBronze(kind).Select(r => (kind, r.RecordId, r.Source, r.Line))).ToList();
        var accounting = Catalog.ListBatches("stream").Select(b => $"{b.Kind} {b.Received} {b.Accepted} {b.Quarantined} {b.Duplicates}")
            .Order(StringComparer.Ordinal).ToList();
        var quarantine = Catalog.ListQuarantineCounts("stream").Select(q => $"{q.Kind} {q.Reason} {q.Count}").Order(StringComparer.Ordinal).ToList();
        var held = Enumerable.Range(0, Log.Partitions).Sum(p => Log.Held(p));
        return new MixedOutcome(batches.Count, batches.Sum(b => b.OnTime), batches.Sum(b => b.Late), bronze, accounting, quarantine, StoreState(store), held);
    }

    /// <summary>The event ids of the valid click events among <see cref="StreamRecords.Mixed"/>'s records, in order, repeats included.</summary>
    public static List<string> EventIds(List<(string Kind, string Key, string Json)> records) =>
        records.Where(r => r.Kind == "events" && r.Json.StartsWith("{\"event_id\"", StringComparison.Ordinal) && r.Json.EndsWith('}'))
            .Select(r => r.Json[13..r.Json.IndexOf('"', 13)]).ToList();
}

internal sealed record MixedOutcome(
    int Batches, long OnTime, long Late, List<(string Kind, string? Id, string Source, long Line)> Bronze, List<string> Accounting,
    List<string> Quarantine, List<string> Store, long Held);
