using System.Runtime.InteropServices;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Lake;
using Cartwheel.Log;

namespace Cartwheel.Streaming;

/// <summary>
/// The in-flight state of one micro-batch: per kind its bronze rows, quarantine writer and counts; the new
/// dedup keys; the accepted records for the aggregates, in processing order; the positions after it.
/// </summary>
internal sealed class BatchWork(DataDirectory data, string batchId, long[] positions, BatchBuffers buffers) : IDisposable
{
    private readonly Dictionary<string, KindWork> _kinds = new(StringComparer.Ordinal);

    public string BatchId => batchId;

    public long[] Positions { get; } = (long[])positions.Clone();

    public Dictionary<UInt128, DateTime> NewKeys => buffers.NewKeys;

    public List<StreamItem> Items => buffers.Items;

    public IEnumerable<(string Kind, KindWork Work)> Kinds => _kinds.Select(p => (p.Key, p.Value));

    public KindWork For(string kind)
    {
        if (!_kinds.TryGetValue(kind, out var work))
        {
            work = new KindWork(new QuarantineWriter(data, kind, $"{batchId}-{kind}", "log", "stream"), buffers.RowsFor(kind));
            _kinds[kind] = work;
        }

        return work;
    }

    /// <summary>Writes each kind's accepted rows as bronze Parquet and renames them in; returns the files (file_hash null).</summary>
    public List<Catalog.BronzeFile> PublishBronze(DateTimeOffset ingestionTime, CancellationToken cancellationToken)
    {
        var files = new List<Catalog.BronzeFile>();
        foreach (var (kind, work) in _kinds.Where(k => k.Value.Rows.Count > 0))
        {
            var id = $"{batchId}-{kind}";
            work.Writer = new BronzeBatchWriter(data, kind, id, "log", id, ingestionTime, stagingRoot: data.StreamStaging);
            foreach (var row in work.Rows)
            {
                work.Writer.Append(row.EventTimeMicros, row.Offset, row.Payload.Span, row.RecordId is { } recordId ? recordId.Span : default, row.RecordId is not null,
                    sourceFile: row.Source);
            }

            files.AddRange(work.Writer.Publish(id, cancellationToken).Select(f => f with { FileHash = null }));
        }

        return files;
    }

    /// <summary>Removes every file this batch wrote (before its commit).</summary>
    public void Abort()
    {
        foreach (var work in _kinds.Values)
        {
            work.Writer?.Abort();
            work.Quarantine.Abort();
        }
    }

    public void Dispose()
    {
        foreach (var work in _kinds.Values)
        {
            work.Writer?.Dispose();
            work.Quarantine.Dispose();
        }

        buffers.Clear();
    }

    internal sealed class KindWork(QuarantineWriter quarantine, List<StreamRow> rows)
    {
        public QuarantineWriter Quarantine { get; } = quarantine;

        public List<StreamRow> Rows { get; } = rows;

        public BronzeBatchWriter? Writer { get; set; }

        public EntityKind? Kind { get; set; }

        public long Received { get; set; }

        public long Duplicates { get; set; }

        public string? QuarantinePath { get; set; }
    }
}

/// <summary>
/// The collections a micro-batch fills, kept by the processor and emptied for the next batch (decision 65): at 20K
/// records each is an array of 1–3 MB, and fresh ones per batch were large-object-heap churn that started full
/// collections. One batch uses them at a time.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly Dictionary<string, List<StreamRow>> _rows = new(StringComparer.Ordinal);
    public Dictionary<UInt128, DateTime> NewKeys { get; } = [];

    public List<StreamItem> Items { get; } = [];

    public List<StreamRow> RowsFor(string kind)
    {
        if (!_rows.TryGetValue(kind, out var rows))
        {
            _rows[kind] = rows = [];
        }

        return rows;
    }

    /// <summary>Empties everything, references included (payloads must not stay reachable from here).</summary>
    public void Clear()
    {
        NewKeys.Clear();
        Items.Clear();
        foreach (var rows in _rows.Values)
        {
            rows.Clear();
        }
    }
}

/// <summary>An accepted record's bronze row: its id's UTF-8 bytes (null without an id), event time, payload, log offset and source.</summary>
internal readonly record struct StreamRow(ReadOnlyMemory<byte>? RecordId, long EventTimeMicros, ReadOnlyMemory<byte> Payload, long Offset, string Source);
